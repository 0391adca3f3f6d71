package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdOutputStream;
import io.ferry.chunk.ChunkId;
import io.ferry.chunk.Sha256;
import io.ferry.trust.CertificateAuthority;
import io.ferry.trust.Credentials;
import io.ferry.trust.DenyList;
import io.ferry.trust.NodeId;
import io.ferry.trust.Policy;
import io.ferry.trust.Role;
import io.ferry.trust.Trust;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node fetching batch after batch from a peer over TLS keeps one connection: a new connection is a
 * new handshake, which cost a delivery a third more CPU on the serving node (docs/benchmarks.md, issue 9).
 */
class TlsKeepAliveTest {
    @TempDir
    Path tmp;

    @Test
    void batches_overTls_shareOneConnection() throws Exception {
        CertificateAuthority.init(tmp.resolve("ca"));
        CertificateAuthority.issue(tmp.resolve("ca"), NodeId.of("a"), null, Role.NODE, 1, tmp.resolve("a"));
        CertificateAuthority.issue(tmp.resolve("ca"), NodeId.of("b"), null, Role.NODE, 1, tmp.resolve("b"));
        Transport serving = Transport.of(new Trust(Credentials.load(tmp.resolve("a")), Policy.open(), DenyList.none()),
                Clock.systemUTC());
        Transport fetching = Transport.of(new Trust(Credentials.load(tmp.resolve("b")), Policy.open(), DenyList.none()),
                Clock.systemUTC());
        byte[] chunk = new byte[40_000];
        new Random(7).nextBytes(chunk);
        ChunkId id = new Sha256().digest(chunk, 0, chunk.length);
        Set<String> connections = ConcurrentHashMap.newKeySet();
        try (HttpServer server = serving.listen("127.0.0.1", 0, ServerLimits.peers(2), ex -> {
            connections.add(ex.remote());
            OutputStream out = ex.stream("application/x-ferry-batch");
            Batch.writeHeader(out, List.of(new Batch.Entry(id, chunk.length)));
            try (ZstdOutputStream z = new ZstdOutputStream(new NoCloseOutputStream(out), 3)) {
                z.write(1); // the chunk's bytes follow
                z.write(chunk);
            }
            out.close();
        })) {
            PeerClient client = new PeerClient(fetching, Duration.ofSeconds(10));
            LongAdder received = new LongAdder();
            for (int i = 0; i < 5; i++) {
                Set<ChunkId> missing = client.batch("127.0.0.1:" + server.port(), List.of(id), chunk.length,
                        (got, data, length) -> received.increment(), new Call(Clock.systemUTC(), chunk.length, 0, new LongAdder()));
                assertThat(missing).isEmpty();
            }
            assertThat(received.sum()).isEqualTo(5);
            assertThat(connections).hasSize(1);
        }
    }
}
