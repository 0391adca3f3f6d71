package io.ferry.transfer;

import java.time.Duration;

/**
 * ServerLimits bound what one listener gives the requests it accepts, so that no peer, and no number of
 * slow or silent connections, can take a node's memory or all of its workers.
 *
 * @param workers       threads that run handlers
 * @param queue         requests accepted and waiting for a worker; beyond it a request gets 503 at once
 * @param connections   open connections; a connection beyond it is closed as it is accepted
 * @param maxBody       the longest request body read (a larger one gets 413 without being read)
 * @param perPeer       requests one peer (one certificate, or one IP address without TLS) may have
 *                      queued or running at once; beyond it, 503
 * @param requestTime   the time a request's head and body have to arrive once its first byte has (slowloris)
 * @param idle          a connection on which nothing moves either way for this long is closed
 * @param writeDeadline the longest a handler waits for a peer to take the bytes of a streamed response
 */
public record ServerLimits(int workers, int queue, int connections, int maxBody, int perPeer, Duration requestTime,
                           Duration idle, Duration writeDeadline) {
    public ServerLimits {
        if (workers < 1 || queue < 0 || connections < 1 || maxBody < 0 || perPeer < 1) {
            throw new IllegalArgumentException("server limits must be positive");
        }
    }

    /**
     * The peer listener. Request bodies are small (a batch of chunk ids, a table entry); 1 MiB leaves room
     * for a table entry of thousands of images. An honest peer has at most ten requests at a time on one
     * node in a burst: two fetches in flight (executor.Run), a manifest, two gossip rounds (the timer's and
     * a delivery's), and of the membership a probe, an indirect probe asked, one relayed, a gossip
     * message and a sync; each of those is small and answered at once (a relayed probe waits at most
     * 500 ms). A membership message refused with 503 would look like a missed probe, so ten, which still
     * leaves most workers to the others.
     */
    public static ServerLimits peers(int workers) {
        return new ServerLimits(workers, 8 * workers, 1024, 1 << 20, Math.min(10, workers), Duration.ofSeconds(20),
                Duration.ofSeconds(120), Duration.ofSeconds(30));
    }

    /** The operator's listeners: few clients, each call possibly long (a delivery), small bodies. */
    public static ServerLimits operator() {
        return new ServerLimits(8, 16, 64, 1 << 20, 8, Duration.ofSeconds(20), Duration.ofDays(1),
                Duration.ofSeconds(60));
    }
}
