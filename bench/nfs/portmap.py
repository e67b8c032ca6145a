#!/usr/bin/env python3
"""A registration-only portmapper on loopback, for the nfs-ganesha that bench/nfs starts.

nfs-ganesha 4.3 exits when it cannot register NFSv3 and MOUNT with a portmapper, and the system
rpcbind would listen on every address for the whole host. This serves program 100000 (versions 2, 3
and 4) over TCP on 127.0.0.1 and [::1] only (libntirpc may register through either): NULL, SET, UNSET,
GETPORT (v2) and GETADDR (v3/v4) from what was registered; any other procedure is PROC_UNAVAIL.
The benchmark's clients never ask it: their URLs name the ports.

    portmap.py [PORT]     (default 111)
"""
import socket
import socketserver
import struct
import sys
import threading

PROGRAM = 100000
TCP, UDP = 6, 17
table = {}  # (program, version, protocol) -> port
lock = threading.Lock()


def opaque(b):
    return struct.pack(">I", len(b)) + b + bytes(-len(b) % 4)


class Call:
    def __init__(self, msg):
        self.msg = msg
        self.pos = 0

    def u32(self):
        v, = struct.unpack_from(">I", self.msg, self.pos)
        self.pos += 4
        return v

    def bytes(self):
        n = self.u32()
        b = self.msg[self.pos:self.pos + n]
        self.pos += n + (-n % 4)
        return b


def answer(msg):
    c = Call(msg)
    xid, kind, rpcvers, prog, vers, proc = (c.u32() for _ in range(6))
    c.u32(), c.bytes(), c.u32(), c.bytes()  # credential, verifier: anything goes on loopback
    accepted = struct.pack(">5I", xid, 1, 0, 0, 0)  # REPLY, MSG_ACCEPTED, AUTH_NONE verifier
    if kind != 0 or rpcvers != 2 or prog != PROGRAM:
        return accepted + struct.pack(">I", 1)  # PROG_UNAVAIL
    if vers not in (2, 3, 4):
        return accepted + struct.pack(">3I", 2, 2, 4)  # PROG_MISMATCH 2..4
    ok = accepted + struct.pack(">I", 0)
    if proc == 0:
        return ok
    if proc not in (1, 2, 3):
        return accepted + struct.pack(">I", 3)  # PROC_UNAVAIL
    p, v = c.u32(), c.u32()
    if vers == 2:
        proto, port = c.u32(), c.u32()
    else:
        netid, uaddr = c.bytes(), c.bytes()
        proto = TCP if netid.startswith(b"tcp") else UDP
        parts = uaddr.decode(errors="replace").rsplit(".", 2)
        port = int(parts[1]) * 256 + int(parts[2]) if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit() else 0
    with lock:
        if proc == 1:  # SET
            table[(p, v, proto)] = port
            print(f"portmap: set {p} v{v} {'tcp' if proto == TCP else 'udp'} port {port}", flush=True)
            return ok + struct.pack(">I", 1)
        if proc == 2:  # UNSET
            for k in [k for k in table if k[:2] == (p, v)]:
                del table[k]
            return ok + struct.pack(">I", 1)
        found = table.get((p, v, proto), 0)  # GETPORT / GETADDR
    if vers == 2:
        return ok + struct.pack(">I", found)
    return ok + opaque(f"127.0.0.1.{found >> 8}.{found & 255}".encode() if found else b"")


class Connection(socketserver.StreamRequestHandler):
    def handle(self):
        while True:
            msg = b""
            last = False
            while not last:
                mark = self.rfile.read(4)
                if len(mark) < 4:
                    return
                n, = struct.unpack(">I", mark)
                last = bool(n & 0x80000000)
                msg += self.rfile.read(n & 0x7fffffff)
            try:
                reply = answer(msg)
            except (struct.error, ValueError):
                return
            self.wfile.write(struct.pack(">I", 0x80000000 | len(reply)) + reply)


class Server4(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class Server6(Server4):
    address_family = socket.AF_INET6


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 111
    servers = [Server4(("127.0.0.1", port), Connection)]
    try:
        servers.append(Server6(("::1", port), Connection))
    except OSError as e:
        print(f"portmap: no [::1]:{port}: {e}", flush=True)
    for s in servers[1:]:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print(f"portmap: listening on loopback port {port}", flush=True)
    servers[0].serve_forever()


if __name__ == "__main__":
    main()
