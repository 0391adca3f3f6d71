/**
 * Who a node is and what it may do: the cluster's certificate authority ({@link CertificateAuthority},
 * used by {@code ferry ca}), a node's credentials and the TLS context built from them
 * ({@link Credentials}), the verified {@link Identity} of whoever is on the other end, the deny list,
 * facts signed by the node they are about ({@link SignedFact}, {@link FactSigner},
 * {@link FactVerifier}), and the access policy ({@link Policy}): the one place that decides whether a
 * node may read an image or publish a name. The serving side and the planner both ask it. The deny list
 * and the policy are files an operator edits while nodes run ({@link DenyFile}, {@link PolicyFile}),
 * read again when they change. Certificate layout, TLS settings and the policy format:
 * {@code docs/security.md}.
 *
 * <p>Below the exchange, the planner and the wire; above only manifests and chunks. No crypto is
 * written here: TLS and signatures are the JDK's, certificates are built with BouncyCastle.
 */
package io.ferry.trust;
