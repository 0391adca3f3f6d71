package io.ferry.bench;

import io.ferry.transfer.HttpServer;
import io.ferry.transfer.ServerLimits;
import io.ferry.trust.CertificateAuthority;
import io.ferry.trust.Credentials;
import io.ferry.trust.DenyList;
import io.ferry.trust.NodeId;
import io.ferry.trust.Role;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * TlsProviderBench: which TLS implementation should a node's server side use? One large streamed response
 * (SIZE MiB, default 1024, written in 64 KiB pieces by a handler through Ferry's own {@link HttpServer},
 * as ChunkServer streams a batch) is fetched over loopback by the JDK client Ferry uses
 * ({@link HttpsURLConnection} over {@link Credentials#context}, a client certificate, TLS 1.3), from
 * three servers in one process:
 *
 * <ul>
 *   <li>{@code plain}: no TLS, for reference;</li>
 *   <li>{@code jdk}: the server context exactly as {@code Transport.Tls.server()} builds it (Netty's
 *       SslHandler over the JDK's SSLEngine);</li>
 *   <li>{@code openssl}: {@code SslContextBuilder.forServer(keyManagerFactory()).trustManager(trustManager(..))
 *       .clientAuth(REQUIRE).protocols("TLSv1.3").sslProvider(OPENSSL)} (BoringSSL from
 *       netty-tcnative-boringssl-static).</li>
 * </ul>
 *
 * <p>The two TLS servers choose different suites for the JDK client's default offer (the JDK server its own
 * order, AES-128-GCM; BoringSSL the client's, AES-256-GCM), so each TLS server is also fetched from with the
 * client offering one suite only ({@code /128}: TLS_AES_128_GCM_SHA256, {@code /256}: TLS_AES_256_GCM_SHA384),
 * to compare the implementations on the same cipher. After one warm-up round, ROUNDS rounds (default 5)
 * fetch from each configuration in turn, the order rotating each round. Reported per fetch: wall seconds, throughput, the server's CPU-seconds per GiB
 * (the CPU time of the server's threads: Netty's event loops, where SslHandler encrypts, and the handler's
 * worker, which writes the body; read per thread from {@link ThreadMXBean}), the client thread's
 * CPU-seconds per GiB, and the whole process's (which adds GC and the JIT).
 *
 * <p>Then the cost of a connection: ROUNDS rounds of HANDSHAKES (default 200) fetches of an empty body from
 * {@code plain}, {@code jdk} and {@code openssl}, each on a new connection with a new client context (a full
 * handshake, no resumption); reported: the server's CPU milliseconds and the wall milliseconds per
 * connection. Run by bench/tls-provider.sh.
 */
public final class TlsProviderBench {
    private static final int PIECE = 64 * 1024;

    public static void main(String[] args) throws Exception {
        try {
            run();
        } finally {
            System.exit(0); // Netty's event loops are not daemons
        }
    }

    private static void run() throws Exception {
        // every fetch on a connection of its own, with its own handshake and the suite it asked for
        System.setProperty("http.keepAlive", "false");
        long mib = Long.parseLong(System.getProperty("size.mib", "1024"));
        int rounds = Integer.parseInt(System.getProperty("rounds", "5"));
        int handshakes = Integer.parseInt(System.getProperty("handshakes", "200"));
        Path tmp = Files.createTempDirectory("ferry-tls-bench");
        CertificateAuthority.init(tmp.resolve("ca"));
        CertificateAuthority.issue(tmp.resolve("ca"), NodeId.of("server"), null, Role.NODE, 1, tmp.resolve("server"));
        CertificateAuthority.issue(tmp.resolve("ca"), NodeId.of("client"), null, Role.NODE, 1, tmp.resolve("client"));
        Credentials server = Credentials.load(tmp.resolve("server"));
        Credentials client = Credentials.load(tmp.resolve("client"));

        System.out.printf("OpenSsl.isAvailable()=%s, version %s, supportsKeyManagerFactory=%s%n", OpenSsl.isAvailable(),
                OpenSsl.isAvailable() ? OpenSsl.versionString() : "-",
                OpenSsl.isAvailable() && OpenSsl.supportsKeyManagerFactory());
        if (!OpenSsl.isAvailable()) {
            throw new IllegalStateException("OpenSSL (netty-tcnative) is not available", OpenSsl.unavailabilityCause());
        }
        Map<String, SslContext> contexts = new LinkedHashMap<>();
        contexts.put("plain", null);
        // as Transport.Tls.server() builds it
        contexts.put("jdk", new JdkSslContext(server.context(DenyList.none(), Clock.systemUTC()), false, null,
                IdentityCipherSuiteFilter.INSTANCE, ApplicationProtocolConfig.DISABLED, ClientAuth.REQUIRE,
                new String[] {"TLSv1.3"}, false));
        contexts.put("openssl", SslContextBuilder.forServer(server.keyManagerFactory())
                .trustManager(server.trustManager(DenyList.none(), Clock.systemUTC()))
                .clientAuth(ClientAuth.REQUIRE).protocols("TLSv1.3").sslProvider(SslProvider.OPENSSL).build());

        byte[] piece = new byte[PIECE];
        new Random(42).nextBytes(piece); // incompressible, as a zstd stream is
        Map<String, HttpServer> servers = new LinkedHashMap<>();
        for (Map.Entry<String, SslContext> e : contexts.entrySet()) {
            servers.put(e.getKey(), HttpServer.tcp("127.0.0.1", 0, e.getValue(), e.getValue() == null ? null
                    : server::identify, ServerLimits.peers(4), ex -> {
                        long bytes = Long.parseLong(ex.query().get("mib").get(0)) << 20;
                        try (OutputStream out = ex.stream("application/octet-stream")) {
                            for (long n = 0; n < bytes; n += PIECE) {
                                out.write(piece);
                            }
                        }
                    }));
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // configuration: server, and the one suite the client offers ("" for the JDK's default offer)
        List<String> names = List.of("plain", "jdk", "jdk/128", "jdk/256", "openssl", "openssl/128", "openssl/256");
        System.out.println("warm-up: " + Math.min(mib, 256) + " MiB from each");
        for (String name : names) {
            fetch(name, servers, Math.min(mib, 256), client, threads);
        }
        System.out.println("round\tserver\tcipher\twall_s\tMiB_per_s\tserver_cpu_s_per_GiB\tclient_cpu_s_per_GiB"
                + "\tprocess_cpu_s_per_GiB");
        for (int r = 1; r <= rounds; r++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((i + r) % names.size());
                Result x = fetch(name, servers, mib, client, threads);
                double gib = mib / 1024.0;
                System.out.printf("%d\t%s\t%s\t%.2f\t%.0f\t%.2f\t%.2f\t%.2f%n", r, name, x.cipher, x.wall, mib / x.wall,
                        x.serverCpu / gib, x.clientCpu / gib, x.processCpu / gib);
            }
        }
        List<String> kinds = List.of("plain", "jdk", "openssl");
        System.out.println("round\tserver\tconnections\tserver_cpu_ms_per_connection\twall_ms_per_connection");
        for (int r = 1; r <= rounds; r++) {
            for (int i = 0; i < kinds.size(); i++) {
                String name = kinds.get((i + r) % kinds.size());
                double cpu = 0;
                double wall = 0;
                for (int h = 0; h < handshakes; h++) {
                    Result x = fetch(name, servers, 0, client, threads);
                    cpu += x.serverCpu;
                    wall += x.wall;
                }
                System.out.printf("%d\t%s\t%d\t%.2f\t%.2f%n", r, name, handshakes, cpu * 1000 / handshakes,
                        wall * 1000 / handshakes);
            }
        }
        for (HttpServer s : servers.values()) {
            s.close();
        }
    }

    private record Result(String cipher, double wall, double serverCpu, double clientCpu, double processCpu) {
    }

    private static Result fetch(String name, Map<String, HttpServer> servers, long mib, Credentials client,
                                ThreadMXBean threads) throws Exception {
        // a context of its own per fetch: no session to resume, whose suite would be reused
        SSLContext tls = client.context(DenyList.none(), Clock.systemUTC());
        String server = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
        String suite = name.endsWith("/128") ? "TLS_AES_128_GCM_SHA256" : name.endsWith("/256") ? "TLS_AES_256_GCM_SHA384" : null;
        boolean secure = !name.equals("plain");
        URI uri = URI.create((secure ? "https" : "http") + "://127.0.0.1:" + servers.get(server).port() + "/?mib=" + mib);
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        if (c instanceof HttpsURLConnection s) {
            s.setSSLSocketFactory(suite == null ? tls.getSocketFactory() : offering(tls.getSocketFactory(), suite));
            s.setHostnameVerifier((host, session) -> true); // a benchmark: the chain is still checked
        }
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<Long, Long> server0 = serverThreads(threads);
        long client0 = threads.getCurrentThreadCpuTime();
        long process0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        long got = 0;
        byte[] buf = new byte[PIECE];
        String cipher;
        try (InputStream in = c.getInputStream()) {
            cipher = c instanceof HttpsURLConnection s ? s.getCipherSuite() : "-";
            for (int n; (n = in.read(buf)) >= 0; ) {
                got += n;
            }
        }
        long t1 = System.nanoTime();
        long client1 = threads.getCurrentThreadCpuTime();
        long process1 = os.getProcessCpuTime();
        Map<Long, Long> server1 = serverThreads(threads);
        if (got != mib << 20) {
            throw new IllegalStateException(name + ": got " + got + " bytes, not " + (mib << 20));
        }
        long serverNanos = 0;
        for (Map.Entry<Long, Long> e : server1.entrySet()) {
            serverNanos += e.getValue() - server0.getOrDefault(e.getKey(), 0L);
        }
        c.disconnect();
        return new Result(cipher, (t1 - t0) / 1e9, serverNanos / 1e9, (client1 - client0) / 1e9,
                (process1 - process0) / 1e9);
    }

    /** Sockets from {@code f} that offer only {@code suite}. */
    private static SSLSocketFactory offering(SSLSocketFactory f, String suite) {
        return new SSLSocketFactory() {
            private Socket only(Socket s) {
                ((SSLSocket) s).setEnabledCipherSuites(new String[] {suite});
                return s;
            }

            @Override
            public String[] getDefaultCipherSuites() {
                return new String[] {suite};
            }

            @Override
            public String[] getSupportedCipherSuites() {
                return f.getSupportedCipherSuites();
            }

            @Override
            public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
                return only(f.createSocket(s, host, port, autoClose));
            }

            @Override
            public Socket createSocket() throws IOException {
                return only(f.createSocket());
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return only(f.createSocket(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
                return only(f.createSocket(host, port, local, localPort));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return only(f.createSocket(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
                return only(f.createSocket(host, port, local, localPort));
            }
        };
    }

    /** CPU nanoseconds so far of the server's threads: Netty's event loops and the HTTP workers. */
    private static Map<Long, Long> serverThreads(ThreadMXBean threads) {
        Map<Long, Long> cpu = new LinkedHashMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t != null && (t.getThreadName().startsWith("multiThreadIoEventLoopGroup")
                    || t.getThreadName().startsWith("ferry-http-"))) {
                long n = threads.getThreadCpuTime(t.getThreadId());
                if (n >= 0) {
                    cpu.put(t.getThreadId(), n);
                }
            }
        }
        return cpu;
    }
}
