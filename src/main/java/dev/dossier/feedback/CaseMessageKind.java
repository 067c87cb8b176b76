package dev.dossier.feedback;

/** Who a message of a case's conversation is for, or from. */
public enum CaseMessageKind {
    /** A note among staff; the customer never sees it. */
    INTERNAL,
    /** A reply to the customer. */
    REPLY,
    /** A message from the customer. */
    CUSTOMER
}
