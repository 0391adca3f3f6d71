package io.ferry.plan;

import io.ferry.chunk.ChunkId;
import java.util.Set;

/**
 * Plan is the state of one delivery's choices: which peers hold which missing chunks, what is asked of
 * whom, what is in. It is told what the table says ({@code add...}) and what happened ({@code complete},
 * {@code release}, {@code drop...}), and answers what to ask a peer for next ({@link #claim}). Pure: no
 * I/O, no clock. Implementations are thread-safe.
 */
public interface Plan {
    /** Makes a peer known (or updates what is known of it); holdings name peers by {@link PeerProfile#node}. */
    void addPeer(PeerProfile peer);

    /** The profile of a known peer, or null. */
    PeerProfile peer(String node);

    /** Records that {@code node} holds chunk {@code id} (as part of some manifest). */
    void addHolder(String node, ChunkId id);

    /** Records that {@code node} holds index {@code i} of the manifest being delivered (it can be picked). */
    void addTargetHolder(String node, int i);

    /** The distinct chunks still wanted. */
    Set<ChunkId> wanted();

    /** Whether {@code node} holds every chunk still wanted. */
    boolean holdsAllPending(String node);

    /** The peers that hold at least one chunk nobody is fetching yet. */
    Set<String> nodesWithWork();

    /** The next request for {@code node}: at most {@code maxBytes} and {@code maxChunks}; null when none. */
    Job claim(String node, long maxBytes, int maxChunks);

    /** Marks {@code id} fetched and verified. */
    void complete(ChunkId id);

    /** Returns a job's chunks that are not done to the pool. */
    void release(Job job);

    /** Forgets that {@code node} holds {@code id}. */
    void dropHolder(String node, ChunkId id);

    /** Never offers {@code node} work again. */
    void dropNode(String node);

    boolean isDropped(String node);

    boolean finished();

    /** Distinct chunks not yet in. */
    int remaining();

    /** Distinct chunks not yet in that no peer still in the plan holds. */
    int unheld();

    boolean anyClaimed();
}
