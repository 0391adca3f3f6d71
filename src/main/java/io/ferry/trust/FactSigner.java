package io.ferry.trust;

/** Signs the facts this node states about itself. */
public interface FactSigner {
    NodeId self();

    SignedFact sign(String kind, long version, byte[] payload);
}
