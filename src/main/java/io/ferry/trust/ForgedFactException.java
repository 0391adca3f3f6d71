package io.ferry.trust;

/** A fact whose signature, certificate or origin does not check out: dropped, and logged once. */
public final class ForgedFactException extends Exception {
    public ForgedFactException(String message) {
        super(message);
    }
}
