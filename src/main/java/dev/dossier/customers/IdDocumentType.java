package dev.dossier.customers;

/** Kinds of identity document an individual customer may give. */
enum IdDocumentType {
    /** PRC resident identity card (居民身份证): 18 characters with a check character. */
    RESIDENT_ID,
    PASSPORT,
    /** Mainland travel permit for Hong Kong and Macau (港澳通行证). */
    HK_MACAU_PASS,
    OTHER
}
