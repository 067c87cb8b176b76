package dev.dossier.interactions;

/** Who reached out: the customer (inbound) or we (outbound). */
enum Direction {
    INBOUND,
    OUTBOUND
}
