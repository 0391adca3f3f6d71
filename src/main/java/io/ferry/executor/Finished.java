package io.ferry.executor;

import io.ferry.chunk.ChunkId;
import java.util.Set;

/** A request that ended: its flight, how, why (null when it went well), and the chunks the peer left out. */
record Finished(Flight flight, Outcome outcome, Throwable cause, Set<ChunkId> absent) {
}
