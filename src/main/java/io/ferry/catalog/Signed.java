package io.ferry.catalog;

import io.ferry.trust.FactVerifier;
import io.ferry.trust.ForgedFactException;
import io.ferry.trust.Identity;
import io.ferry.trust.SignedFact;

/** Signed checks that a fact was signed by the node it names as its origin, whatever the verifier's habits. */
public final class Signed {
    private Signed() {
    }

    /** The identity that signed {@code f}, which is its origin's; ForgedFactException otherwise. */
    public static Identity byOrigin(FactVerifier verifier, SignedFact f) throws ForgedFactException {
        Identity who = verifier.verify(f);
        if (who == null || who.node() != null && !who.node().equals(f.origin())) {
            throw new ForgedFactException("signed by " + (who == null ? "nobody" : who.describe()) + ", not " + f.origin());
        }
        return who;
    }
}
