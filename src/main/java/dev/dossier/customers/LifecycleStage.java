package dev.dossier.customers;

/** Where a customer stands in their relationship with the business. */
public enum LifecycleStage {
    LEAD,
    PROSPECT,
    CUSTOMER,
    AT_RISK,
    CHURNED,
    WON_BACK
}
