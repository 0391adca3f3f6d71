package io.ferry.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import io.ferry.testing.FerryProcess;
import io.ferry.testing.NodeProcess;
import io.ferry.testing.TestData;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running node never serves a cached chunk at its casync URL that does not match its name (issue 10). */
class ServedChunkVerifiedTest {
    @TempDir
    Path tmp;

    /** A record of a pack: the chunk's id and where its frame lies. */
    private record Rec(ChunkId id, long frameAt, int frameLength) {
    }

    private static List<Rec> records(Path pack) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(pack));
        List<Rec> out = new ArrayList<>();
        byte[] id = new byte[ChunkId.BYTES];
        while (b.remaining() >= ChunkId.BYTES + 8) {
            b.get(id);
            b.getInt();
            int frame = b.getInt();
            out.add(new Rec(ChunkId.of(id), b.position(), frame));
            b.position(b.position() + frame);
        }
        return out;
    }

    private static HttpResponse<byte[]> get(NodeProcess n, ChunkId id) throws Exception {
        String hex = id.toString();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                "http://" + n.address() + "/" + hex.substring(0, 4) + "/" + hex + ".cacnk")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void casyncUrl_byteFlippedInCachedFrame_404AndOtherChunksServedRight() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 21, 3 << 20);
        try (NodeProcess n = NodeProcess.start(tmp.resolve("n"), "n", List.of())) {
            FerryProcess.Exit imported = n.ferry("import", img.toString(), "--copy");
            assertThat(imported.code()).as(imported.err()).isZero();
            Path pack = n.data().resolve("cache").resolve("00000000.pack");
            List<Rec> recs = records(pack);
            assertThat(recs).hasSizeGreaterThan(3);
            Rec bad = recs.get(1);
            assertThat(get(n, bad.id()).statusCode()).as("served while intact").isEqualTo(200);
            try (RandomAccessFile f = new RandomAccessFile(pack.toFile(), "rw")) {
                long at = bad.frameAt() + bad.frameLength() / 2;
                f.seek(at);
                int v = f.read();
                f.seek(at);
                f.write(v ^ 0x01);
            }
            assertThat(get(n, bad.id()).statusCode()).isEqualTo(404);
            assertThat(get(n, bad.id()).statusCode()).as("and it stays gone").isEqualTo(404);
            for (Rec r : recs) {
                if (r.equals(bad)) {
                    continue;
                }
                HttpResponse<byte[]> ok = get(n, r.id());
                assertThat(ok.statusCode()).isEqualTo(200);
                byte[] plain = Zstd.decompress(ok.body(), (int) Zstd.decompressedSize(ok.body()));
                assertThat(new Sha256().digest(plain, 0, plain.length)).isEqualTo(r.id());
            }
        }
    }
}
