package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ferry.testing.Cli;
import io.ferry.trust.Credentials;
import io.ferry.trust.NodeId;
import io.ferry.trust.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ferry ca init and ferry ca issue through the real command line. */
class CaCommandTest {
    @TempDir
    Path tmp;

    static void assertFails(Cli.Result r, int exit, String... phrases) {
        assertThat(r.exit()).as("exit code; stderr: %s", r.err()).isEqualTo(exit);
        assertThat(r.err().lines().count()).as("stderr lines: %s", r.err()).isEqualTo(1);
        assertThat(r.errLine()).startsWith("ferry: ");
        for (String p : phrases) {
            assertThat(r.errLine()).contains(p);
        }
    }

    @Test
    void initThenIssue_writeCredentialsANodeCanLoad() throws Exception {
        Path ca = tmp.resolve("ca");
        Path creds = tmp.resolve("n1");
        Cli.Result init = Cli.run("ca", "init", ca.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(init.out()).contains("made CN=ferry cluster CA").contains("wrote " + ca.resolve("ca.key"))
                .contains("wrote " + ca.resolve("ca.crt"));

        Cli.Result issue = Cli.run("ca", "issue", ca.toString(), "--node", "n1", "--site", "rack1", "--role",
                "operator", "--days", "30", "-o", creds.toString());
        assertThat(issue.exit()).as(issue.err()).isZero();
        assertThat(issue.out()).startsWith("issued node n1 (site rack1, role operator), valid until ")
                .contains("wrote " + creds.resolve("node.key"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(creds.resolve("node.key"))))
                .isEqualTo("rw-------");
        Credentials c = Credentials.load(creds);
        assertThat(c.identity().node()).isEqualTo(NodeId.of("n1"));
        assertThat(c.identity().site()).isEqualTo("rack1");
        assertThat(c.identity().role()).isEqualTo(Role.OPERATOR);
    }

    @Test
    void json_namesTheCertificateAndTheFiles() throws Exception {
        Path ca = tmp.resolve("ca");
        JsonNode init = new ObjectMapper().readTree(Cli.run("ca", "init", ca.toString(), "--json").out());
        assertThat(init.get("subject").asText()).startsWith("CN=ferry cluster CA");
        assertThat(init.has("node")).isFalse();
        assertThat(init.get("files")).hasSize(2);

        Cli.Result r = Cli.run("ca", "issue", ca.toString(), "--node", "n2", "-o", tmp.resolve("n2").toString(), "--json");
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertThat(j.get("node").asText()).isEqualTo("n2");
        assertThat(j.get("role").asText()).isEqualTo("node");
        assertThat(j.has("site")).isFalse();
        assertThat(j.get("fingerprint").asText()).hasSize(64);
        assertThat(j.get("not_after").asText()).isNotBlank();
        assertThat(j.get("files")).hasSize(3);
    }

    @Test
    void usageErrors_exitTwoWithOneLine() throws Exception {
        Path ca = tmp.resolve("ca");
        Cli.run("ca", "init", ca.toString());
        String out = tmp.resolve("out").toString();
        assertFails(Cli.run("ca"), 2, "Missing required subcommand");
        assertFails(Cli.run("ca", "init"), 2, "CADIR");
        assertFails(Cli.run("ca", "issue", ca.toString(), "-o", out), 2, "--node");
        assertFails(Cli.run("ca", "issue", ca.toString(), "--node", "n1"), 2, "--out");
        assertFails(Cli.run("ca", "issue", ca.toString(), "--node", "-bad", "-o", out), 2, "invalid node id");
        assertFails(Cli.run("ca", "issue", ca.toString(), "--node", "n1", "--site", "a/b", "-o", out), 2, "invalid site");
        assertFails(Cli.run("ca", "issue", ca.toString(), "--node", "n1", "--role", "admin", "-o", out), 2,
                "node or operator");
        assertFails(Cli.run("ca", "issue", ca.toString(), "--node", "n1", "--days", "0", "-o", out), 2, "at least 1 day");
        assertFails(Cli.run("ca", "issue", ca.toString(), "--node", "n1", "--days", "9999", "-o", out), 2, "outlast");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void refusals_exitOneWithOneLine() throws Exception {
        Path ca = tmp.resolve("ca");
        Cli.run("ca", "init", ca.toString());
        assertFails(Cli.run("ca", "init", ca.toString()), 1, "not empty");
        Path full = Files.createDirectory(tmp.resolve("full"));
        Files.writeString(full.resolve("x"), "x");
        assertFails(Cli.run("ca", "issue", ca.toString(), "--node", "n1", "-o", full.toString()), 1, "not empty");
        assertFails(Cli.run("ca", "issue", tmp.resolve("noca").toString(), "--node", "n1", "-o",
                tmp.resolve("o").toString()), 1, "no such file", "ca.crt");
    }
}
