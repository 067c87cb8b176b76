package dev.dossier.privacy;

import dev.dossier.shared.ConsentCheck;

/** Purposes a customer consents to, one consent each; the names are those of {@link ConsentCheck}. */
enum ConsentPurpose {
    MARKETING,
    SERVICE_COMMUNICATION,
    PROFILING,
    SENSITIVE_PERSONAL_INFORMATION,
    CROSS_BORDER_TRANSFER,
    THIRD_PARTY_SHARING
}
