/**
 * The wire, both ways (docs/protocol.md). {@link io.ferry.transfer.Transport} makes the one HTTP
 * client and the listener, so securing the wire is a change in one place. {@link io.ferry.transfer.PeerClient}
 * is every call a node makes to a peer (table, manifest, batch, pick, single chunk), raising typed
 * {@link io.ferry.transfer.PeerException}s; {@link io.ferry.transfer.ChunkServer} serves chunks and
 * manifests; {@link io.ferry.transfer.RemoteApi} and {@link io.ferry.transfer.ApiRoutes} carry the
 * CLI's verbs to a running node. Chunks travel as one zstd stream per response.
 */
package io.ferry.transfer;
