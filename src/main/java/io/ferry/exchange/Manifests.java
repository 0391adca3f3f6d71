package io.ferry.exchange;

import io.ferry.catalog.Catalog;
import io.ferry.catalog.ImageRecord;
import io.ferry.chunk.ChunkList;
import io.ferry.manifest.Manifest;
import io.ferry.manifest.ManifestDelta;
import io.ferry.manifest.ManifestFormatException;
import io.ferry.manifest.ManifestId;
import io.ferry.transfer.PeerClient;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * Manifests finds a manifest by id: stored here, or fetched from a peer (as a patch of one this node
 * holds where that is smaller), checked against its id, and stored.
 */
public final class Manifests implements Holders.Manifests {
    /** The largest manifest accepted from a peer: 1 GiB describes an image of about 2 TiB. */
    private static final int MAX_MANIFEST = 1 << 30;

    private final Catalog catalog;
    private final PeerClient client;

    public Manifests(Catalog catalog, PeerClient client) {
        this.catalog = catalog;
        this.client = client;
    }

    /** Manifest {@code id}: stored here, or from the first of {@code addresses} that has it. */
    public Manifest get(ManifestId id, List<String> addresses) throws IOException {
        if (catalog.hasManifest(id)) {
            return catalog.manifestById(id);
        }
        IOException last = new ManifestFormatException("no peer offered manifest " + id);
        List<ManifestId> bases = bases();
        for (String a : addresses) {
            try {
                byte[] wire = client.manifest(a, id, bases);
                ManifestId base = ManifestDelta.baseOf(wire);
                if (base != null && !bases.contains(base)) {
                    throw new ManifestFormatException(a + " sent manifest " + id + " as a patch of " + base + ", not asked for");
                }
                byte[] bytes = ManifestDelta.decode(wire, base == null ? null : catalog.manifestBytes(base), MAX_MANIFEST);
                return catalog.putManifest(id, bytes);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    @Override
    public ChunkList chunks(ManifestId manifestId, String address) throws IOException {
        return get(manifestId, List.of(address)).chunks();
    }

    /** The chunks of a manifest stored here; null for one that is not (nothing is fetched). */
    public ChunkList storedChunks(ManifestId manifestId) {
        try {
            return catalog.hasManifest(manifestId) ? catalog.manifestById(manifestId).chunks() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Manifests a peer may send others as patches of: those of the images this node holds, newest
     * first (an update is usually built on the latest image), at most four.
     */
    private List<ManifestId> bases() throws IOException {
        return catalog.images().stream()
                .sorted(Comparator.comparingLong(ImageRecord::importedAtMillis).reversed())
                .map(ImageRecord::manifestId).distinct().limit(4).toList();
    }
}
