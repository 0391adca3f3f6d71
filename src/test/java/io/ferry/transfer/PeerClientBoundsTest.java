package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import com.sun.net.httpserver.HttpServer;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.ChunkList;
import io.ferry.chunk.Sha256;
import io.ferry.manifest.ManifestId;
import io.ferry.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a fetching node reads from a peer is bounded by what it asked for: an answer that goes on
 * after the chunks asked for, lists more than was asked, or is longer than its kind can be is a
 * CORRUPT {@link PeerException}, never more memory.
 */
class PeerClientBoundsTest {
    private static final ManifestId MANIFEST = ManifestId.parse("cd".repeat(32));
    private final byte[][] data = {TestData.random(1, 3000), TestData.random(2, 5000), TestData.random(3, 4000)};
    private final List<ChunkId> ids = new ArrayList<>();
    private ChunkList chunks;
    /** The bytes the fake peer answers every request with. */
    private final AtomicReference<byte[]> answer = new AtomicReference<>();
    private HttpServer peer;
    private String address;
    private final PeerClient client = new PeerClient(new Transport(), Duration.ofMinutes(1));
    private final List<ChunkId> received = new ArrayList<>();

    @BeforeEach
    void peer() throws IOException {
        ChunkList.Builder b = new ChunkList.Builder();
        for (byte[] d : data) {
            ChunkId id = new Sha256().digest(d, 0, d.length);
            ids.add(id);
            b.add(id, d.length, false);
        }
        chunks = b.build();
        peer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        peer.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] body = answer.get();
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        peer.start();
        address = "127.0.0.1:" + peer.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        peer.stop(0);
    }

    private static byte[] zstd(int level, int windowLog, byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out, level)) {
            if (windowLog > 0) {
                z.setWindowLog(windowLog);
            }
            for (byte[] p : parts) {
                z.write(p);
            }
        }
        return out.toByteArray();
    }

    /** Each chunk's bytes behind the mark that they follow, as an answer carries them. */
    private static byte[] marked(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            out.write(1);
            out.writeBytes(c);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private void pick() throws PeerException {
        client.pick(address, MANIFEST, chunks, new int[] {0, 1, 2}, (id, d, n) -> received.add(id), new Call(java.time.Clock.systemUTC(), 1 << 20, 0, new LongAdder()));
    }

    private Set<ChunkId> batch(List<ChunkId> asked) throws PeerException {
        return client.batch(address, asked, 8192, (id, d, n) -> received.add(id), new Call(java.time.Clock.systemUTC(), 1 << 20, 0, new LongAdder()));
    }

    private static byte[] header(List<ChunkId> ids, int... lengths) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Batch.Entry> entries = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            entries.add(new Batch.Entry(ids.get(i), lengths[i]));
        }
        Batch.writeHeader(out, entries);
        return out.toByteArray();
    }

    private static void assertCorrupt(ThrowingCall call, String says) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(PeerException.class,
                e -> assertThat(e.kind()).isEqualTo(PeerException.Kind.CORRUPT)).hasMessageContaining(says);
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aPickAnswerOfExactlyTheChunksAskedIsTaken_evenAtTheHighestLevel() throws Exception {
        answer.set(zstd(19, 0, marked(data)));
        pick();
        assertThat(received).containsExactlyElementsOf(ids);
    }

    @Test
    void aPickAnswerThatGoesOnAfterTheChunksAskedIsCorrupt() throws Exception {
        answer.set(zstd(3, 0, concat(marked(data), new byte[1 << 20])));
        assertCorrupt(this::pick, "goes on after the chunks asked for");
        answer.set(concat(zstd(3, 0, marked(data)), zstd(3, 0, new byte[100])));
        assertCorrupt(this::pick, "goes on after the chunks asked for");
        answer.set(concat(zstd(3, 0, marked(data)), new byte[] {1, 2, 3}));
        assertCorrupt(this::pick, "goes on after the chunks asked for");
    }

    @Test
    void aPickAnswerThatNeedsAWindowNoServerLevelUsesIsRefused() throws Exception {
        answer.set(zstd(3, 27, marked(data)));
        assertThatThrownBy(this::pick).isInstanceOf(PeerException.class);
    }

    @Test
    void aBatchAnswerOfTheChunksAskedIsTaken() throws Exception {
        answer.set(concat(header(ids, 3000, 5000), zstd(3, 0, marked(data[0], data[1]))));
        assertThat(batch(ids)).containsExactly(ids.get(2));
        assertThat(received).containsExactly(ids.get(0), ids.get(1));
    }

    @Test
    void aBatchHeaderListingMoreThanWasAskedIsCorrupt() throws Exception {
        ByteArrayOutputStream claims = new ByteArrayOutputStream();
        new java.io.DataOutputStream(claims).writeInt(3000);
        answer.set(claims.toByteArray());
        assertCorrupt(() -> batch(ids), "claims 3000 chunks; 3 were asked for");
        answer.set(concat(header(List.of(ids.get(0), ids.get(0)), 3000, 3000), zstd(3, 0, marked(data[0], data[0]))));
        assertCorrupt(() -> batch(ids), "listed twice");
    }

    @Test
    void aBatchAnswerThatGoesOnAfterItsChunksIsCorrupt() throws Exception {
        answer.set(concat(header(ids, 3000), zstd(3, 0, marked(data[0], data[1]))));
        assertCorrupt(() -> batch(ids), "goes on after the chunks asked for");
        answer.set(concat(header(ids), new byte[] {1}));
        assertCorrupt(() -> batch(ids), "goes on after the chunks asked for");
    }

    @Test
    void aChunkAnswerLongerThanAChunkCanBeIsRefused() throws Exception {
        answer.set(concat(Zstd.compress(data[0]), new byte[8 << 20]));
        assertCorrupt(() -> client.chunk(address, ids.get(0), 8192), "is longer than");
        answer.set(Zstd.compress(data[0]));
        assertThat(client.chunk(address, ids.get(0), 8192)).isEqualTo(data[0]);
    }

    @Test
    void aChunkMarkedAbsentIsLeftOutAndTheRestTaken() throws Exception {
        byte[] absent = {0};
        answer.set(zstd(3, 0, concat(marked(data[0]), absent, marked(data[2]))));
        assertThat(client.pick(address, MANIFEST, chunks, new int[] {0, 1, 2}, (id, d, n) -> received.add(id),
                new Call(java.time.Clock.systemUTC(), 1 << 20, 0, new LongAdder()))).containsExactly(ids.get(1));
        assertThat(received).containsExactly(ids.get(0), ids.get(2));
        received.clear();
        answer.set(concat(header(ids, 3000, 5000), zstd(3, 0, concat(absent, marked(data[1])))));
        assertThat(batch(ids)).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
        assertThat(received).containsExactly(ids.get(1));
    }

    @Test
    void anUnknownMarkIsCorrupt() throws Exception {
        answer.set(zstd(3, 0, concat(new byte[] {7}, data[0])));
        assertCorrupt(this::pick, "unknown mark 7");
    }
}
