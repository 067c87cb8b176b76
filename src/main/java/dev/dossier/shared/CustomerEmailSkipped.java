package dev.dossier.shared;

import java.util.UUID;

/**
 * An email to a customer was not sent because the consent its purpose needs was missing or had been withdrawn when
 * it was to go out. Published by the notifications module, so that the module that asked for it can count it.
 *
 * @param customerId the customer
 * @param key the key the email was requested with, or null
 * @param purpose the purpose whose consent was missing
 * @param reason {@link ConsentCheck.Standing#NONE} (never given) or {@link ConsentCheck.Standing#WITHDRAWN}
 */
public record CustomerEmailSkipped(UUID customerId, String key, String purpose, ConsentCheck.Standing reason) {}
