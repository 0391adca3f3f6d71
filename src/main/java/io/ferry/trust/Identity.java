package io.ferry.trust;

/**
 * Identity is who is on the other end of a connection or who signed a fact, as a certificate issued by
 * the cluster's CA says: the node's id (the certificate's common name), its site (null when none), its
 * role, and the SHA-256 fingerprint of the certificate (hex). {@code verified} is false only for a
 * node running without TLS, where nothing is proven and the open policy applies.
 */
public record Identity(NodeId node, String site, Role role, String fingerprint, boolean verified) {
    /** A caller on a plaintext connection: nothing about it is known. */
    public static Identity unverified() {
        return new Identity(null, null, Role.NODE, null, false);
    }

    /** Fit to print: the node id, or "an unverified peer". */
    public String describe() {
        return node == null ? "an unverified peer" : "node " + node;
    }
}
