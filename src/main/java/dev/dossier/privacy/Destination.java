package dev.dossier.privacy;

import dev.dossier.shared.ConsentCheck;

/** Where the data of an access request goes, and the consent that needs. */
enum Destination {
    /** To the data subject themselves: no further consent. */
    REQUESTER(null),
    /** To a third party the subject names, in the country. */
    THIRD_PARTY(ConsentCheck.THIRD_PARTY_SHARING),
    /** Out of the country. */
    ABROAD(ConsentCheck.CROSS_BORDER_TRANSFER);

    private final String consentPurpose;

    Destination(String consentPurpose) {
        this.consentPurpose = consentPurpose;
    }

    /** The consent purpose this destination needs, or null. */
    String consentPurpose() {
        return consentPurpose;
    }
}
