package io.ferry.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.api.FerryApi;
import io.ferry.api.ImportRequest;
import io.ferry.testing.TestClock;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's API decodes its arguments strictly: a body that is not exactly them runs nothing. */
class ApiRoutesTest {
    /** The verbs the API was asked to run, with their arguments. */
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private HttpServer server;
    private java.nio.file.Path socket;
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    @BeforeEach
    void start() throws Exception {
        FerryApi api = (FerryApi) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {FerryApi.class},
                (p, m, a) -> {
                    calls.add(m.getName() + (a == null ? "[]" : Arrays.toString(a)));
                    return m.getReturnType() == List.class ? List.of() : null;
                });
        // the API is served to the operator: on the node's socket, as the node does
        socket = tmp.resolve("ferry.sock");
        server = HttpServer.unix(socket, new io.ferry.trust.Identity(null, null, io.ferry.trust.Role.OPERATOR, null, true),
                ServerLimits.operator(), new Router(List.of(new ApiRoutes(api)), new BadRequests(clock, warnings::add)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int post(String verb, byte[] body) throws Exception {
        try (Transport.Response r = UnixClient.post(socket, "/api/" + verb, body)) {
            r.body().readAllBytes();
            return r.status();
        }
    }

    private int post(String verb, String body) throws Exception {
        return post(verb, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyThatIsNotExactlyTheArgumentsIsA400AndRunsNothing() throws Exception {
        String[][] bad = {
            {"rm", "{\"name\": 5}"},                     // once: 422 after trying the verb
            {"verify", "{\"name\": 5}"},                 // once: verified every image
            {"rm", "{\"name\":\"v2\"} garbage"},         // once: removed v2
            {"rm", "{\"name\":\"v2\"}{\"name\":\"v3\"}"},
            {"rm", "{\"name\":\"a\",\"name\":\"b\"}"},   // once: removed b
            {"rm", "{\"name\":\"v2\",\"force\":true}"},
            {"rm", "[\"v2\"]"},
            {"rm", "null"},
            {"rm", " "},
            {"rm", "\"v2\""},
            {"rm", "{"},
            {"inspect", "{\"name\":\"v2\",\"chunks\":\"yes\"}"},
            {"import", "{\"file\":[1]}"},
            {"import", "{\"file\":\"/x\",\"avg\":1.5}"},
            {"import", "{\"file\":\"/x\",\"avg\":99999999999}"},
            {"import", "{\"name\":\"v2\"}"},
            {"get", "{\"name\":\"v2\"}"},
            {"table", "{\"image\":{\"a\":[[[[[1]]]]]}}"},
        };
        for (String[] b : bad) {
            assertThat(post(b[0], b[1])).as("%s %s", b[0], b[1]).isEqualTo(400);
        }
        assertThat(post("rm", new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xc3, '"', '}'})).as("bad UTF-8").isEqualTo(400);
        byte[] huge = ("{\"name\":\"" + "a".repeat(ApiArguments.MAX_BODY) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(post("rm", huge)).as("a body over the limit").isEqualTo(400);
        assertThat(calls).as("verbs run").isEmpty();
    }

    @Test
    void theArgumentsTheClientSendsAreTaken() throws Exception {
        try (RemoteApi remote = RemoteApi.local(socket)) {
            remote.importImage(new ImportRequest("/x.img", "v2", true, "fastcdc", 16384, true));
            remote.importImage(new ImportRequest("/x.img", null, false, null, null));
            remote.inspect("v2", true);
            remote.get(new io.ferry.api.GetRequest("v2", "/out", true, true));
            remote.diff("v1", "v2");
            remote.verify(null);
            remote.verify("v2", true);
            remote.remove("v2");
            remote.table(null, false);
            remote.table("v2", true);
            remote.peers();
            remote.images();
            remote.gc();
        }
        assertThat(calls).containsExactly("importImage[ImportRequest[file=/x.img, name=v2, copy=true, chunker=fastcdc, avg=16384, sha256=true]]",
                "importImage[ImportRequest[file=/x.img, name=null, copy=false, chunker=null, avg=null, sha256=false]]",
                "inspect[v2, true]", "get[GetRequest[name=v2, path=/out, force=true, sha256=true]]", "diff[v1, v2]", "verify[null, false]", "verify[v2, true]", "remove[v2]", "table[null, false]",
                "table[v2, true]", "peers[]", "images[]", "gc[]");
        assertThat(post("ls", new byte[0])).isEqualTo(200);
    }

    @Test
    void anUnknownVerbIsA404() throws Exception {
        assertThat(post("format", "{}")).isEqualTo(404);
    }

    @Test
    void badRequestsAreLoggedOncePerOffenderPerMinute() throws Exception {
        for (int i = 0; i < 5; i++) {
            post("rm", "{\"name\": 5}");
        }
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).startsWith("bad request from ").contains(": POST /api/rm: ");
        clock.advance(Duration.ofMinutes(1));
        post("rm", "{\"name\": 5}");
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).endsWith("(and 4 more from it since its last warning)");
    }
}
