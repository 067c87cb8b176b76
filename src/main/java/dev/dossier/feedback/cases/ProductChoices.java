package dev.dossier.feedback.cases;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The products and versions a case can be about, for the case form's choices and for checking what is sent. Provided
 * by the product catalogue when it is installed; without it, cases name products through the API only.
 */
public interface ProductChoices {

    /**
     * A product or version to choose.
     *
     * @param id id
     * @param name what people call it
     */
    record Choice(UUID id, String name) {
    }

    /** The products in use, by name. */
    List<Choice> products();

    /** The versions of a product, newest first. */
    List<Choice> versions(UUID productId);

    /** The product's name, if it exists. */
    Optional<String> name(UUID productId);

    /** Whether the version belongs to the product. */
    boolean hasVersion(UUID productId, UUID versionId);
}
