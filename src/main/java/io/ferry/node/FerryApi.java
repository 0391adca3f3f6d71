package io.ferry.node;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * FerryApi is every verb the CLI offers, as one interface: {@link NodeApi} runs them on an open
 * {@link Node}, {@link RemoteApi} asks a running node over HTTP. Paths are absolute and name files
 * on the node's machine. Results are plain records and maps, so they cross the wire as JSON.
 */
public interface FerryApi extends AutoCloseable {
    /** What {@code import} is asked to do. */
    record ImportRequest(String file, String name, boolean copy, String chunker, Integer avg) {
    }

    /** One image as {@code ls} shows it. */
    record ImageView(String name, long size, String sha256, String manifestId, String holding, String seedFile) {
    }

    ImportResult importImage(ImportRequest request) throws IOException;

    List<ImageView> images() throws IOException;

    /** The manifest summary of an image (see ManifestJson), with every chunk when {@code chunks}. */
    Map<String, Object> inspect(String name, boolean chunks) throws IOException;

    DeliveryResult get(String name, String path) throws IOException;

    DiffResult diff(String a, String b) throws IOException;

    List<VerifyReport> verify(String name) throws IOException;

    void remove(String name) throws IOException;

    GcResult gc() throws IOException;

    /** The metadata table: per node and image, or per chunk of one image. */
    Map<String, Object> table(String image) throws IOException;

    /** The nodes this one knows, and whether they answer. */
    List<Map<String, Object>> peers() throws IOException;

    @Override
    void close() throws IOException;
}
