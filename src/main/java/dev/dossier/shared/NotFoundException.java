package dev.dossier.shared;

/** The record asked for does not exist (or is not visible to whoever asked). */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String what) {
        super(what + " not found");
    }
}
