package dev.dossier.customers;

/** The industry a customer works in. */
public enum Industry {
    AGRICULTURE,
    MANUFACTURING,
    ENERGY,
    CONSTRUCTION,
    RETAIL,
    WHOLESALE,
    LOGISTICS,
    HOSPITALITY,
    IT_SOFTWARE,
    TELECOM,
    FINANCE,
    REAL_ESTATE,
    PROFESSIONAL_SERVICES,
    EDUCATION,
    HEALTHCARE,
    GOVERNMENT,
    MEDIA_ENTERTAINMENT,
    AUTOMOTIVE,
    OTHER
}
