package io.ferry.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.FerryProcess;
import io.ferry.testing.NodeProcess;
import io.ferry.testing.TestData;
import io.ferry.testing.Unprivileged;
import io.ferry.transfer.PeerException;
import io.ferry.transfer.Transport;
import io.ferry.trust.CertificateAuthority;
import io.ferry.trust.Credentials;
import io.ferry.trust.DenyList;
import io.ferry.trust.NodeId;
import io.ferry.trust.Policy;
import io.ferry.trust.Role;
import io.ferry.trust.Trust;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only its operator controls a node, and nodes prove who they are: real {@code ferry node} processes
 * with real certificates from {@code ferry ca}, on loopback.
 */
class SecurityIntegrationTest {
    @TempDir
    Path tmp;
    private Path ca;
    private final List<NodeProcess> nodes = new ArrayList<>();

    @BeforeEach
    void cluster() throws Exception {
        ca = tmp.resolve("ca");
        CertificateAuthority.init(ca);
    }

    @AfterEach
    void stop() throws Exception {
        for (NodeProcess n : nodes) {
            n.close();
        }
    }

    private Path issue(String id, Role role) throws Exception {
        Path dir = tmp.resolve("certs-" + id);
        CertificateAuthority.issue(ca, NodeId.of(id), null, role, 30, dir);
        return dir;
    }

    private NodeProcess node(String id, List<String> peers, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--tls", issue(id, Role.NODE).toString()));
        args.addAll(List.of(extra));
        NodeProcess n = NodeProcess.start(tmp.resolve(id), id, peers, args.toArray(String[]::new));
        nodes.add(n);
        return n;
    }

    private static Transport as(Path certs) throws Exception {
        return Transport.of(new Trust(Credentials.load(certs), Policy.open(), DenyList.none()), Clock.systemUTC());
    }

    private String log(NodeProcess n) throws Exception {
        return Files.readString(n.data().resolveSibling(n.id() + ".stderr.log"));
    }

    @Test
    void peerPort_servesNoApi_evenToAClusterNode() throws Exception {
        NodeProcess a = node("a", List.of());
        Transport b = as(issue("b", Role.NODE));
        try (Transport.Response r = b.post(a.address(), "/api/ls", "application/json", "{}".getBytes(), Duration.ofSeconds(30))) {
            assertThat(r.status()).isEqualTo(404);
        }
        try (Transport.Response r = b.post(a.address(), "/api/import", "application/json",
                "{\"file\":\"/etc/shadow\"}".getBytes(), Duration.ofSeconds(30))) {
            assertThat(r.status()).isEqualTo(404);
        }
        try (Transport.Response r = b.get(a.address(), "/v1/table", Duration.ofSeconds(30))) {
            assertThat(r.status()).as("the peer protocol itself is served").isEqualTo(200);
        }
    }

    @Test
    void strangers_areRefusedAtTheHandshake_andLoggedOncePerPeer() throws Exception {
        Path denyFile = Files.writeString(tmp.resolve("deny"), "# refused\nmallory\n");
        NodeProcess a = node("a", List.of(), "--deny", denyFile.toString());
        Path otherCa = tmp.resolve("other-ca");
        CertificateAuthority.init(otherCa);
        Path outsider = tmp.resolve("outsider");
        CertificateAuthority.issue(otherCa, NodeId.of("eve"), null, Role.NODE, 30, outsider);
        Transport plain = new Transport();
        Transport eve = as(outsider);
        Transport mallory = as(issue("mallory", Role.NODE));
        // eve first: failed handshakes without a certificate to name are logged once a minute per address,
        // and every caller here is 127.0.0.1
        for (Transport t : List.of(eve, plain, mallory, mallory)) {
            try (Transport.Response r = t.get(a.address(), "/v1/table", Duration.ofSeconds(30))) {
                throw new AssertionError("answered " + r.status());
            } catch (PeerException expected) {
                assertThat(expected.kind()).isEqualTo(PeerException.Kind.TRANSIENT);
            }
        }
        try (Transport.Response r = as(issue("b", Role.NODE)).get(a.address(), "/v1/table", Duration.ofSeconds(30))) {
            assertThat(r.status()).as("a member of the cluster is served").isEqualTo(200);
        }
        String log = log(a);
        assertThat(log.lines().filter(l -> l.contains("mallory")).count()).as(log).isEqualTo(1);
        assertThat(log.lines().filter(l -> l.contains("bad request from 127.0.0.1: a TLS handshake: failed")).count()).as(log)
                .isEqualTo(1);
    }

    @Test
    void adminListener_onlyForOperators() throws Exception {
        NodeProcess a = node("a", List.of(), "--admin-listen", "127.0.0.1:0");
        String admin = a.admin();
        FerryProcess.Exit op = FerryProcess.ferry("--node", admin, "--tls", issue("ops", Role.OPERATOR).toString(), "ls",
                "--json");
        assertThat(op.code()).as(op.err()).isZero();
        FerryProcess.Exit node = FerryProcess.ferry("--node", admin, "--tls", issue("b", Role.NODE).toString(), "ls");
        assertThat(node.code()).isEqualTo(1);
        assertThat(node.err().strip()).isEqualTo("ferry: the node's API is for its operator: node b has no operator "
                + "certificate");
        FerryProcess.Exit none = FerryProcess.ferry("--node", admin, "ls");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--tls");
    }

    @Test
    void operatorSocket_isPrivate_toTheNodesUser() throws Exception {
        Path img = TestData.writeRandom(tmp.resolve("img.raw"), 3, 1 << 20);
        NodeProcess a = node("a", List.of());
        Path socket = a.data().resolve("ferry.sock");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(FerryProcess.ferry("--data", a.data().toString(), "import", img.toString()).code()).isZero();
        Unprivileged.openUp(tmp);
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        FerryProcess.Exit other = Unprivileged.ferry(tmp, "--node", "unix:" + socket, "rm", "img");
        assertThat(other.code()).isEqualTo(1);
        assertThat(other.err()).contains("ermission denied");
        assertThat(FerryProcess.ferry("--data", a.data().toString(), "ls").out()).contains("img");
    }

    @Test
    void plaintext_offLoopback_isRefused() throws Exception {
        FerryProcess.Exit e = FerryProcess.ferry("--data", tmp.resolve("x").toString(), "node", "--listen", "0.0.0.0:0");
        assertThat(e.code()).isEqualTo(2);
        assertThat(e.err()).contains("refusing to serve 0.0.0.0 in plaintext");
        FerryProcess.Exit wrongId = FerryProcess.ferry("--data", tmp.resolve("y").toString(), "node", "--tls",
                issue("a", Role.NODE).toString(), "--id", "b", "--listen", "127.0.0.1:0");
        assertThat(wrongId.code()).isEqualTo(2);
        assertThat(wrongId.err()).contains("--id b does not match the certificate, which is for a");
    }

    @Test
    void policy_letsANodeFetchWhatItMay_andRefusesTheRest() throws Exception {
        Path pub = TestData.writeRandom(tmp.resolve("public-1.raw"), 5, 2 << 20);
        Path secret = TestData.writeRandom(tmp.resolve("secret.raw"), 6, 2 << 20);
        Path policy = Files.writeString(tmp.resolve("policy.txt"), "read public-* by *\nread secret by node:a\n"
                + "publish * by node:a\n", StandardCharsets.UTF_8);
        NodeProcess a = node("a", List.of(), "--policy", policy.toString());
        assertThat(a.ferry("import", pub.toString()).code()).isZero();
        assertThat(a.ferry("import", secret.toString()).code()).isZero();
        NodeProcess b = node("b", List.of(a.address()), "--policy", policy.toString());
        io.ferry.testing.Cluster.await("b knows both images", () -> b.ferry("table").out().contains("secret"));
        Path got = tmp.resolve("got.raw");
        FerryProcess.Exit ok = b.ferry("get", "public-1", "-o", got.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(Files.readAllBytes(got)).isEqualTo(Files.readAllBytes(pub));
        Path refused = tmp.resolve("refused.raw");
        FerryProcess.Exit no = b.ferry("get", "secret", "-o", refused.toString());
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.err().lines().count()).as(no.err()).isEqualTo(1);
        assertThat(no.err()).contains("no permitted source").contains("policy.txt");
        assertThat(refused).doesNotExist();
    }

    /** The serving node enforces its policy whatever the fetcher's says: a refusal, not a failure. */
    @Test
    void servingSide_refuses_evenAFetcherWithoutThePolicy() throws Exception {
        Path secret = TestData.writeRandom(tmp.resolve("secret.raw"), 6, 2 << 20);
        Path policy = Files.writeString(tmp.resolve("policy.txt"), "read secret by node:c\npublish * by node:a\n");
        NodeProcess a = node("a", List.of(), "--policy", policy.toString());
        assertThat(a.ferry("import", secret.toString()).code()).isZero();
        NodeProcess b = node("b", List.of(a.address()));
        io.ferry.testing.Cluster.await("b knows the image", () -> b.ferry("table").out().contains("secret"));
        Path out = tmp.resolve("out.raw");
        FerryProcess.Exit no = b.ferry("get", "secret", "-o", out.toString());
        assertThat(no.code()).isEqualTo(1);
        assertThat(no.err().lines().count()).as(no.err()).isEqualTo(1);
        assertThat(no.err()).contains("403").contains("no rule in policy.txt lets node b read 'secret'");
        assertThat(out).doesNotExist();
    }

    /**
     * The README's cluster example, run line by line as written: only the addresses become loopback ones
     * on free ports, and {@code bin/ferry} this test run's classes.
     */
    @Test
    void readmeClusterExample() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String block = readme.substring(readme.indexOf("<!-- cluster-example -->"), readme.indexOf("<!-- /cluster-example -->"));
        List<String> lines = block.lines().filter(l -> l.startsWith("bin/ferry")).toList();
        assertThat(lines).hasSizeGreaterThan(6);
        Path dir = Files.createDirectories(tmp.resolve("readme"));
        TestData.writeRandom(dir.resolve("v2.raw"), 9, 3 << 20);
        String p5 = "127.0.0.1:" + freePort();
        String p9 = "127.0.0.1:" + freePort();
        List<Process> background = new ArrayList<>();
        try {
            for (String line : lines) {
                String command = line.replaceAll("\\s+#.*$", "").strip();
                boolean daemon = command.endsWith("&");
                command = command.replaceAll("&$", "").strip().replace("10.0.0.5:7420", p5).replace("10.0.0.9:7420", p9);
                String[] args = command.substring("bin/ferry".length()).strip().split("\\s+");
                ProcessBuilder pb = FerryProcess.builder("io.ferry.cli.Main", args).directory(dir.toFile());
                if (daemon) {
                    Process node = pb.redirectErrorStream(true).start();
                    background.add(node);
                    String banner = new java.io.BufferedReader(new java.io.InputStreamReader(node.getInputStream(),
                            StandardCharsets.UTF_8)).readLine();
                    assertThat(banner).as(line).contains("listening on").contains("TLS 1.3");
                } else {
                    FerryProcess.Exit e = FerryProcess.run(pb);
                    assertThat(e.code()).as("%s%n%s", line, e.err()).isZero();
                }
            }
            assertThat(Files.readAllBytes(dir.resolve("v2.img"))).isEqualTo(Files.readAllBytes(dir.resolve("v2.raw")));
        } finally {
            for (Process p : background) {
                p.destroy();
                p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
