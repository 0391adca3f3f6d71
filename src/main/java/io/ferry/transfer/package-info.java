/**
 * The wire, both ways (docs/protocol.md). {@link io.ferry.transfer.Transport} makes the one HTTP
 * client and the listener, so securing the wire is a change in one place. {@link io.ferry.transfer.PeerClient}
 * is every call a node makes to a peer (table, manifest, batch, pick, single chunk), raising typed
 * {@link io.ferry.transfer.PeerException}s; {@link io.ferry.transfer.ChunkServer} serves chunks and
 * manifests; {@link io.ferry.transfer.RemoteApi} and {@link io.ferry.transfer.ApiRoutes} carry the
 * CLI's verbs to a running node, as a stream of heartbeat lines and then the result
 * ({@link io.ferry.transfer.ApiStream}), so the CLI gives up on a node that goes silent
 * ({@link io.ferry.transfer.NodeSilentException}) but never on a long verb. Chunks travel as one zstd stream per response, each behind a mark
 * (here, or absent: one chunk a server cannot produce costs that chunk only), and every answer's body
 * is read under a {@link io.ferry.transfer.Call}'s watch (a rate floor, a deadline, a cancel flag).
 *
 * <p>Everything a peer sends is bounded before it is read and decoded by a strict decoder with one
 * typed failure: a request is at most what the fetching side ever asks
 * ({@link io.ferry.transfer.RequestLimits}; {@link io.ferry.transfer.Picks}, {@link io.ferry.transfer.Batch}
 * and the API's arguments throw IllegalArgumentException, a 400, logged per offender by
 * {@link io.ferry.transfer.BadRequests}), and an answer is at most what was asked for (a
 * {@link io.ferry.transfer.PeerException} otherwise).
 */
package io.ferry.transfer;
