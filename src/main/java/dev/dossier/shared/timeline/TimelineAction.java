package dev.dossier.shared.timeline;

/**
 * A button on the customer's timeline that opens a source's form.
 *
 * @param messageKey the label's message key, e.g. {@code interaction.log}
 * @param link the form's address, relative to the application, e.g. {@code /interactions/new?subject=customer:…}
 */
public record TimelineAction(String messageKey, String link) {}
