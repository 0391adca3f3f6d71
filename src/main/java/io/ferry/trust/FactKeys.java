package io.ferry.trust;

import java.time.Clock;

/**
 * FactKeys is how one node signs the facts it states and checks its peers': with TLS, its credentials'
 * key and the cluster CA (with the clock and the deny list); without, unsigned facts and the open
 * verifier, where nothing is proven.
 */
public record FactKeys(FactSigner signer, FactVerifier verifier) {
    /** The keys of node {@code self} under {@code trust}. */
    public static FactKeys of(Trust trust, NodeId self, Clock clock) {
        return trust.tls() ? new FactKeys(trust.credentials().signer(), trust.credentials().verifier(trust.deny(), clock))
                : new FactKeys(FactSigner.unsigned(self), FactVerifier.open());
    }
}
