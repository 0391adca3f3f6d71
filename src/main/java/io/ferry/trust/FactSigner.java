package io.ferry.trust;

/** Signs the facts this node states about itself. */
public interface FactSigner {
    NodeId self();

    SignedFact sign(String kind, long version, byte[] payload);

    /**
     * A node in plaintext mode (no TLS) has no key: its facts carry an empty signature and certificate
     * and prove nothing; only a node with the {@link FactVerifier#open() open verifier} accepts them.
     */
    static FactSigner unsigned(NodeId self) {
        return new FactSigner() {
            @Override
            public NodeId self() {
                return self;
            }

            @Override
            public SignedFact sign(String kind, long version, byte[] payload) {
                return new SignedFact(self, kind, version, payload.clone(), new byte[0], new byte[0]);
            }
        };
    }
}
