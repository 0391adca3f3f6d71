package io.ferry.plan;

import io.ferry.trust.NodeId;
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
    PeerProfile peer(NodeId node);

    /** Records that {@code node} holds chunk {@code id} (as part of some manifest). */
    void addHolder(NodeId node, ChunkId id);

    /** Records that {@code node} holds index {@code i} of the manifest being delivered (it can be picked). */
    void addTargetHolder(NodeId node, int i);

    /** Whether {@code node} holds every chunk still wanted. */
    boolean holdsAllPending(NodeId node);

    /** The peers that hold at least one chunk nobody is fetching yet. */
    Set<NodeId> nodesWithWork();

    /** The next request for {@code node}: at most {@code maxBytes} and {@code maxChunks}; null when none. */
    Job claim(NodeId node, long maxBytes, int maxChunks);

    /** Marks {@code id} fetched and verified. */
    void complete(ChunkId id);

    /** Returns a job's chunks that are not done to the pool. */
    void release(Job job);

    /** Whether {@code id} is in (or not wanted at all). */
    boolean isDone(ChunkId id);

    /** Whether every chunk of {@code job} is in. */
    boolean allDone(Job job);

    /**
     * The endgame: the chunks of {@code other}, a request of another peer still in flight, that {@code node}
     * holds and nobody else is asked for yet, claimed a second time for {@code node}; null when none. A
     * chunk is asked of at most two peers at once; the first copy in wins.
     */
    Job duplicate(NodeId node, Job other);

    /** Forgets that {@code node} holds {@code id}. */
    void dropHolder(NodeId node, ChunkId id);

    /** Offers {@code node} no work until it is {@link #readmit readmitted}. */
    void dropNode(NodeId node);

    /** Offers a dropped {@code node} work again, with what it was known to hold. */
    void readmit(NodeId node);

    boolean isDropped(NodeId node);

    /** The peers known to hold something and not dropped. */
    Set<NodeId> liveNodes();

    boolean finished();

    /** Distinct chunks not yet in. */
    int remaining();

    /** Distinct chunks not yet in that no peer still in the plan holds. */
    int unheld();

    /** {@code node}'s bytes arrived at {@code bytesPerSecond} lately (the executor's measure). */
    void measured(NodeId node, double bytesPerSecond);

    /** Whether holders, peers or measured rates changed enough since the last {@link #replan} to schedule again. */
    boolean needsReplan();

    /** Chooses a source for every chunk nobody is fetching yet; the schedule, or null for a plan that claims as it goes. */
    Schedule replan();

    /**
     * {@code node}, of this node's site, is delivering the same manifest now: the missing chunks are dealt
     * out among the site's deliveries, each bringing its part across the link between sites once.
     */
    void siteMate(NodeId node);

    /** Whether some chunks are left to site mates to bring across (see {@link #siteMate}). */
    boolean deferring();

    /** Stops leaving chunks to site mates: what is left may come from any site (no one starves waiting). */
    void undefer();

    /**
     * How many of the missing chunks this node's site mates and other peers of its site hold, all told:
     * while it grows, the site is bringing its parts across, and a delivery waiting for them keeps waiting.
     */
    long heldOnSite();

    /** Whether the executor may ask for a lagging request's chunks a second time (the endgame). */
    boolean adaptive();

    /** Chunks taken from the peer they were given to while running (stolen, or given up by a failed peer). */
    int reassigned();
}
