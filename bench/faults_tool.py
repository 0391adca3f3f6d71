#!/usr/bin/env python3
"""Helpers of bench/faults.sh (nothing else uses them).

  faults_tool.py proxy MODE LISTEN UPSTREAM   an HTTP/1.1 proxy in front of a real Ferry node (plaintext
        only: it must read the requests). Tables and manifests pass through unchanged, so the node stays
        in the cluster's table; the answers to /v1/batch and /v1/pick are, with MODE
          trickle: headers at once, then the true bytes one a second (a peer behind a dying link)
          lie:     one byte of the chunks flipped (decompressed, flipped, compressed again: a peer that
                   sends well-formed answers with wrong bytes)
        Counts what it did on stderr, one line per answer.
  faults_tool.py images DIR MIB                v1, v2 (v1 with scattered blocks rewritten) and r (random
        bytes, nothing shared) of MIB MiB each: zero runs, text and random data, as a disk image mixes them.
  faults_tool.py pack-flip PACK N              flip one byte inside the zstd frame of record N of a cache
        pack; prints the record's chunk id (hex).
  faults_tool.py pack-header PACK N            damage record N's header (its frame length made huge).
  faults_tool.py flip FILE                     flip one byte of FILE in the middle of its first non-zero
        4 KiB block past its middle; prints the offset.
"""
import http.client
import http.server
import random
import struct
import subprocess
import sys
import time

HEADER = 40  # a pack record: 32-byte id, u32 length, u32 frame length, then the frame


def zstd(args, data):
    return subprocess.run(["zstd", "-q", "-c", *args], input=data, stdout=subprocess.PIPE, check=True).stdout


def proxy(mode, listen, upstream):
    host, port = listen.rsplit(":", 1)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def forward(self, method):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            up = http.client.HTTPConnection(upstream, timeout=60)
            heads = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
            up.request(method, self.path, body=body if method == "POST" else None, headers=heads)
            resp = up.getresponse()
            data = resp.read()
            up.close()
            chunks = self.path.startswith("/v1/batch") or self.path.startswith("/v1/pick/")
            if chunks and resp.status == 200 and data:
                if mode == "trickle":
                    return self.trickle(resp, data)
                data = self.lie(data)
            self.send_response(resp.status)
            self.send_header("Content-Type", resp.getheader("Content-Type", "application/octet-stream"))
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def trickle(self, resp, data):
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", resp.getheader("Content-Type", "application/octet-stream"))
            self.send_header("Connection", "close")
            self.end_headers()
            sent = 0
            try:
                for b in data:
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    sent += 1
                    time.sleep(1)
            except OSError:
                pass
            print(f"trickle {self.path[:20]} sent {sent} of {len(data)} bytes", file=sys.stderr, flush=True)

        def lie(self, data):
            head = b""
            if self.path.startswith("/v1/batch"):
                count = struct.unpack(">I", data[:4])[0]
                head, data = data[:4 + 36 * count], data[4 + 36 * count:]
            plain = bytearray(zstd(["-d"], data))
            if len(plain) > 2:
                plain[len(plain) // 2] ^= 0x5A
            print(f"lie {self.path[:20]} flipped byte {len(plain) // 2} of {len(plain)}", file=sys.stderr, flush=True)
            return head + zstd(["-1"], bytes(plain))

        def do_GET(self):
            self.forward("GET")

        def do_POST(self):
            self.forward("POST")

    server = http.server.ThreadingHTTPServer((host, int(port)), Handler)
    server.daemon_threads = True
    print(f"proxy {mode} on {listen} -> {upstream}", file=sys.stderr, flush=True)
    server.serve_forever()


def images(out, mib):
    rnd = random.Random(10)
    words = b"kernel module package config systemd unit journal network route user shell library boot".split()
    block = 65536
    v1 = bytearray(mib << 20)
    for at in range(0, len(v1), block):
        kind = rnd.randrange(10)
        if kind < 3:
            continue  # zeros, as unallocated space reads
        if kind < 7:
            text = b" ".join(rnd.choice(words) for _ in range(block // 5))
            v1[at:at + block] = text[:block].ljust(block, b"\n")
        else:
            v1[at:at + block] = rnd.randbytes(block)
    v2 = bytearray(v1)
    for _ in range(len(v1) // block // 8):  # an eighth of the blocks rewritten, 4 KiB at a time
        at = rnd.randrange(len(v1) // 4096) * 4096
        v2[at:at + 4096] = rnd.randbytes(4096)
    for name, data in (("v1", v1), ("v2", v2), ("r", rnd.randbytes(len(v1)))):
        with open(f"{out}/{name}.raw", "wb") as f:
            f.write(data)


def records(pack):
    with open(pack, "rb") as f:
        data = f.read()
    at, out = 0, []
    while at + HEADER <= len(data):
        frame = struct.unpack(">I", data[at + 36:at + 40])[0]
        out.append((at, data[at:at + 32].hex(), frame))
        at += HEADER + frame
    return out


def pack_flip(pack, n):
    at, cid, frame = records(pack)[n]
    with open(pack, "r+b") as f:
        where = at + HEADER + frame // 2
        f.seek(where)
        b = f.read(1)
        f.seek(where)
        f.write(bytes([b[0] ^ 0x5A]))
    print(cid)


def pack_header(pack, n):
    at, cid, _ = records(pack)[n]
    with open(pack, "r+b") as f:
        f.seek(at + 36)
        f.write(b"\x7f\xff\xff\xf0")
    print(cid)


def flip(path):
    with open(path, "r+b") as f:
        f.seek(0, 2)
        size = f.tell()
        at = size // 2 // 4096 * 4096
        while at < size:
            f.seek(at)
            block = f.read(4096)
            if block.strip(b"\0"):
                where = at + next(i for i, b in enumerate(block) if b)
                f.seek(where)
                f.write(bytes([block[where - at] ^ 0x5A]))
                print(where)
                return
            at += 4096
    sys.exit(f"flip: {path} has no data past its middle")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "proxy":
        proxy(*args)
    elif cmd == "images":
        images(args[0], int(args[1]))
    elif cmd == "pack-flip":
        pack_flip(args[0], int(args[1]))
    elif cmd == "pack-header":
        pack_header(args[0], int(args[1]))
    elif cmd == "flip":
        flip(args[0])
    else:
        sys.exit(__doc__)
