package io.ferry.trust;

/**
 * Checks a fact before it is merged: signed by its origin's key, with a certificate the cluster CA
 * issued to that origin, valid now and not denied. Verified facts are remembered, so a fact seen again
 * (every exchange round) costs a lookup, not a signature check.
 */
public interface FactVerifier {
    /** The identity that signed {@code fact}; {@link ForgedFactException} when it is not what it claims. */
    Identity verify(SignedFact fact) throws ForgedFactException;

    /**
     * The verifier of a node in plaintext mode: it accepts every fact as its origin's, unverified.
     * Nothing is proven in that mode: any peer can speak for any node, so it is for loopback and
     * trusted networks only. There is nothing to remember, so nothing is cached.
     */
    static FactVerifier open() {
        return fact -> new Identity(fact.origin(), null, Role.NODE, null, false);
    }
}
