/**
 * The wire between nodes: a small Netty HTTP server (streaming bodies with back-pressure, sendfile
 * for stored chunk files), the peer client (JDK HttpClient), and the framing of batches and runs of
 * chunks, which travel as one zstd stream per response. See docs/protocol.md.
 */
package io.ferry.transfer;
