package io.ferry.node;

import io.ferry.assemble.Assembly;
import io.ferry.chunk.ChunkId;
import io.ferry.exchange.Advertisement;
import io.ferry.manifest.ManifestId;
import io.ferry.assemble.Provenance;
import io.ferry.transfer.Receiver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sink takes a verified chunk from a peer, writes it at every place it occurs in the image's partial
 * output and then advertises it: the partial output is a seed while it arrives, so peers are served
 * from it. Nothing is cached: the output is the node's one copy.
 */
final class Sink implements Receiver {
    private final Assembly assembly;
    private final Advertisement advertisement;
    private final ManifestId manifestId;
    private final Map<ChunkId, int[]> places = new HashMap<>();

    Sink(Assembly assembly, Advertisement advertisement, ManifestId manifestId, BitSet missing) {
        this.assembly = assembly;
        this.advertisement = advertisement;
        this.manifestId = manifestId;
        Map<ChunkId, List<Integer>> at = new HashMap<>();
        for (int i = missing.nextSetBit(0); i >= 0; i = missing.nextSetBit(i + 1)) {
            at.computeIfAbsent(assembly.manifest().chunks().id(i), k -> new ArrayList<>(1)).add(i);
        }
        at.forEach((id, list) -> places.put(id, list.stream().mapToInt(Integer::intValue).toArray()));
    }

    /** How many distinct chunks this delivery fetches. */
    int distinct() {
        return places.size();
    }

    @Override
    public void accept(ChunkId id, byte[] data, int length) throws IOException {
        int[] at = places.get(id);
        if (at == null) {
            return; // not wanted here
        }
        for (int i : at) {
            if (!assembly.isSettled(i)) {
                assembly.put(i, data, 0, Provenance.NETWORK);
            }
        }
        advertisement.canServe(id);
        for (int i : at) {
            advertisement.held(manifestId, i);
        }
    }
}
