package io.ferry.api;

import java.io.IOException;
import java.util.List;

/**
 * FerryApi is every verb the CLI offers: the node runs them on its own data directory, or a client
 * asks a running node for them. Paths are absolute and name files on the node's machine.
 */
public interface FerryApi extends AutoCloseable {
    ImportResult importImage(ImportRequest request) throws IOException;

    List<ImageView> images() throws IOException;

    /** The manifest summary of an image, with every chunk when {@code chunks}. */
    InspectView inspect(String name, boolean chunks) throws IOException;

    DeliveryResult get(GetRequest request) throws IOException;

    /** A get to a new file, without the whole-image SHA-256. */
    default DeliveryResult get(String name, String path) throws IOException {
        return get(new GetRequest(name, path, false, false));
    }

    DiffResult diff(String a, String b) throws IOException;

    /**
     * Re-reads every chunk of image {@code name} (all images when null); with {@code sha256}, also the
     * whole image's SHA-256 from those chunks, checked against the manifest's when it has one.
     */
    List<VerifyReport> verify(String name, boolean sha256) throws IOException;

    default List<VerifyReport> verify(String name) throws IOException {
        return verify(name, false);
    }

    void remove(String name) throws IOException;

    GcResult gc() throws IOException;

    /**
     * The metadata table: a summary per image; with {@code image}, per node holding or relaying it; with
     * {@code chunks} too, per chunk of it.
     */
    TableView table(String image, boolean chunks) throws IOException;

    /** The plan this node would follow to deliver image {@code name} now, per peer; nothing is fetched. */
    PlanView plan(String name) throws IOException;

    /** The nodes this one knows, and whether they answer. */
    List<PeerView> peers() throws IOException;

    @Override
    void close() throws IOException;
}
