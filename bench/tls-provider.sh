#!/usr/bin/env bash
# bench/tls-provider.sh : which TLS implementation should serve a node's peers? Runs
# src/test/java/io/ferry/bench/TlsProviderBench.java: one large streamed response (SIZE_MIB, default
# 1024, in 64 KiB pieces through Ferry's HttpServer) over loopback to the JDK client Ferry uses (TLS 1.3,
# client certificates), from a plaintext server, a server with the JDK's SSLEngine (as Transport.Tls
# builds it) and one with BoringSSL (Netty's SslProvider.OPENSSL, netty-tcnative-boringssl-static); one
# warm-up round, then ROUNDS (default 5) with the order rotating. Prints wall time, throughput and the
# server's, client's and whole process's CPU-seconds per GiB; then ROUNDS rounds of HANDSHAKES (default
# 200) connections with an empty body each (a full handshake), the server's CPU ms per connection.
# Results in bench/out/tls-provider.tsv.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
out=bench/out
mkdir -p "$out"
mvn -B -q -o test-compile 2>/dev/null || mvn -B -q test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/cp.txt" >/dev/null 2>&1 \
    || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$out/cp.txt" >/dev/null
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo); $(java -version 2>&1 | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx512m -Dsize.mib="${SIZE_MIB:-1024}" -Drounds="${ROUNDS:-5}" -Dhandshakes="${HANDSHAKES:-200}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "target/test-classes:target/classes:$(cat "$out/cp.txt")" io.ferry.bench.TlsProviderBench | tee "$out/tls-provider.tsv"
