package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ferry.api.DeliveryResult;
import io.ferry.api.ImportRequest;
import io.ferry.testing.Cli;
import io.ferry.testing.Cluster;
import io.ferry.testing.Cluster.Member;
import io.ferry.testing.TestData;
import io.ferry.transfer.RemoteApi;
import io.ferry.transfer.ServeOptions;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI gives up on a node that sends nothing, and keeps waiting on one that works, however long. */
class SilentNodeTest {
    @TempDir
    Path tmp;

    @Test
    void aNodeThatAcceptsAndNeverAnswers_theCliExitsWithOneClearLine() throws Exception {
        Path sock = tmp.resolve("ferry.sock");
        try (ServerSocketChannel wedged = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            wedged.bind(UnixDomainSocketAddress.of(sock));
            // the kernel accepts the connection (backlog); nobody reads the request or ever answers
            Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run("--node", "unix:" + sock,
                    "--timeout", "1", "get", "img", "-o", tmp.resolve("x.img").toString()));
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.errLine()).isEqualTo("ferry: the node at " + sock + " sent nothing for 1 s: it may be wedged "
                    + "(see its log); --timeout SECONDS waits longer");
            assertThat(tmp.resolve("x.img")).doesNotExist();
        }
    }

    @Test
    void aGetLongerThanTheSilenceAllowed_stillSucceeds_becauseTheNodeSendsHeartbeats() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 41, 12 << 20);
        try (Cluster cluster = new Cluster(tmp.resolve("nodes"))) {
            // 12 MiB at 1.5 MiB/s: about 8 s, far longer than the 5 s of silence the client allows
            Member a = cluster.start("a", List.of(), new ServeOptions(3, 9, 3 << 19));
            a.api().importImage(new ImportRequest(img.toString(), null, false, null, null));
            Member c = cluster.start("c", List.of(a.address()));
            Duration silence = Duration.ofSeconds(5);
            long t0 = System.nanoTime();
            DeliveryResult r = RemoteApi.local(c.daemon().socket(), silence).get("img", tmp.resolve("c.img").toString());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("the get outlasted the silence it was allowed").isGreaterThan(silence);
            assertThat(r.bytesFetched()).isPositive();
            assertThat(Files.readAllBytes(tmp.resolve("c.img"))).isEqualTo(Files.readAllBytes(img));
        }
    }
}
