package io.ferry.trust;

/**
 * Trust is how one node is secured: its credentials (null when it runs in plaintext, on loopback or with
 * {@code --insecure}), the access policy and the deny list.
 */
public record Trust(Credentials credentials, Policy policy, DenyList deny) {
    /** Plaintext, the open policy, nobody denied. */
    public static Trust none() {
        return new Trust(null, Policy.open(), DenyList.none());
    }

    public boolean tls() {
        return credentials != null;
    }
}
