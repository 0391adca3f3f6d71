package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.ImportRequest;
import io.ferry.api.InspectView;
import io.ferry.chunk.ChunkId;
import io.ferry.testing.Cluster;
import io.ferry.testing.Cluster.Member;
import io.ferry.testing.TestData;
import io.ferry.transfer.Batch;
import io.ferry.transfer.Picks;
import io.ferry.transfer.RequestLimits;
import io.ferry.transfer.Transport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests a peer may send that ask for more than any fetching node does, or are not exactly
 * well-formed: each is answered 400, saying why, before a chunk is read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestsTest {
    private Cluster cluster;
    private Member node;
    private InspectView image;
    private final Transport transport = new Transport();

    @BeforeAll
    void node(@TempDir Path tmp) throws Exception {
        cluster = new Cluster(tmp.resolve("nodes"));
        node = cluster.start("a", List.of());
        // random data: no zero chunks, about 1,500 chunks of ~16 KiB
        Path file = TestData.write(tmp.resolve("img"), TestData.random(5, 24 << 20));
        node.api().importImage(new ImportRequest(file.toString(), "img", false, null, null));
        image = node.api().inspect("img", true);
    }

    @AfterAll
    void stop() throws Exception {
        cluster.close();
    }

    private record Answer(int status, String text) {
    }

    private Answer post(String path, byte[] body) throws Exception {
        try (Transport.Response r = transport.post(node.address(), path, "application/octet-stream", body,
                Duration.ofMinutes(1))) {
            byte[] b = r.body().readNBytes(64 << 20);
            return new Answer(r.status(), r.status() == 200 ? b.length + " bytes" : new String(b, StandardCharsets.UTF_8));
        }
    }

    private Answer pick(byte[] body) throws Exception {
        return post("/v1/pick/" + image.manifestId(), body);
    }

    /** The first {@code n} chunk ids of the image. */
    private List<ChunkId> ids(int n) {
        List<ChunkId> ids = new ArrayList<>();
        image.chunkList().stream().limit(n).forEach(c -> ids.add(ChunkId.parseHex(c.id())));
        return ids;
    }

    /** A job's worth, or a little over (a job overshoots by less than one chunk), is served. */
    @Test
    void aPickAsLargeAsAJobIsServed() throws Exception {
        long bytes = 0;
        int n = 0;
        while (bytes < RequestLimits.JOB_BYTES) {
            bytes += image.chunkList().get(n++).length();
        }
        assertThat(pick(Picks.request(IntStream.range(0, n).toArray())).status()).isEqualTo(200);
    }

    /** The probe's attack: a few bytes of request that named tens of megabytes of chunks. */
    @Test
    void aPickOfMoreBytesThanAJobIsRefused() throws Exception {
        long bytes = 0;
        int n = 0;
        while (bytes <= RequestLimits.MAX_BYTES) {
            bytes += image.chunkList().get(n++).length();
        }
        byte[] request = Picks.request(IntStream.range(0, n).toArray());
        assertThat(request.length).isLessThan(8);
        Answer a = pick(request);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).contains("a pick may carry at most " + RequestLimits.MAX_BYTES + " bytes");
    }

    @Test
    void aPickOfMoreChunksThanAJobIsRefused() throws Exception {
        // a gap of 0 and a run of 1,025, as the encoder writes it, bypassing its own check
        Answer a = pick(new byte[] {0, (byte) 0x81, 0x08});
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).contains("at most " + RequestLimits.MAX_CHUNKS + " chunks");
    }

    @Test
    void aPickThatIsNotExactlyWellFormedIsRefused() throws Exception {
        byte[][] bad = {
            {0, 1, 0, 1},               // a range that touches the one before: the encoder would have merged them
            {0, (byte) 0x81, 0},        // a length in a padded form
            {0, 0},                     // an empty range
            {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1}, // an index far outside the manifest
            new byte[RequestLimits.MAX_PICK_BODY + 1],
        };
        for (byte[] body : bad) {
            assertThat(pick(body).status()).as("pick of %d bytes starting %s", body.length, body[0]).isEqualTo(400);
        }
    }

    @Test
    void aBatchOfMoreChunksThanAJobOrOfOneChunkTwiceIsRefused() throws Exception {
        List<ChunkId> many = ids(RequestLimits.MAX_CHUNKS + 1);
        byte[] tooMany = new byte[many.size() * ChunkId.BYTES];
        for (int i = 0; i < many.size(); i++) {
            many.get(i).copyTo(tooMany, i * ChunkId.BYTES);
        }
        Answer a = post("/v1/batch", tooMany);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).contains("at most " + RequestLimits.MAX_CHUNKS + " chunks");

        List<ChunkId> twice = new ArrayList<>(ids(2));
        twice.add(twice.get(0));
        byte[] body = new byte[3 * ChunkId.BYTES];
        for (int i = 0; i < 3; i++) {
            twice.get(i).copyTo(body, i * ChunkId.BYTES);
        }
        a = post("/v1/batch", body);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).contains("twice");
        assertThat(post("/v1/batch", Batch.request(ids(2))).status()).isEqualTo(200);
    }

    @Test
    void aBatchOfMoreBytesThanAJobIsRefused() throws Exception {
        List<ChunkId> ids = new ArrayList<>();
        long bytes = 0;
        for (int n = 0; bytes <= RequestLimits.MAX_BYTES; n++) {
            bytes += image.chunkList().get(n).length();
            ids.add(ChunkId.parseHex(image.chunkList().get(n).id()));
        }
        Answer a = post("/v1/batch", Batch.request(ids));
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.text()).contains("a batch may carry at most " + RequestLimits.MAX_BYTES + " bytes");
    }
}
