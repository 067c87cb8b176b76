package dev.dossier.customers;

/** The part a contact plays in a company's buying decisions. */
public enum DecisionRole {
    DECISION_MAKER,
    ECONOMIC_BUYER,
    TECHNICAL_EVALUATOR,
    INFLUENCER,
    USER,
    GATEKEEPER,
    OTHER
}
