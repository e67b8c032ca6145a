#!/usr/bin/env python3
"""A small NFSv3 client for bench/nfs, on libnfs (libnfs.so.13, Debian's libnfs13 4.0.0) through ctypes.

    nfsclient.py EXPORT_URL STEP [STEP...]

EXPORT_URL is the export, e.g. nfs://127.0.0.1/var/crash?version=3&nfsport=22049&mountport=22048.
Steps run in order on one mount; paths are relative to the export and start with '/':

    mkdir:/DIR                      MKDIR (an existing directory is fine, as with mkdir -p)
    replay:/FILE:FLATTENED[:N]      create FILE and replay the writes of a makedumpfile flattened
                                    stream at their offsets, one WRITE per record, in the stream's
                                    order (what makedumpfile -l/-c did to its output file), with at
                                    most N (default 1) WRITEs in flight; then COMMIT and close
    commit:/FILE                    open FILE and COMMIT it (what a kernel client does at close)
    rename:/OLD:/NEW                RENAME within one directory

Prints one JSON object: seconds per step, bytes and writes replayed.
"""
import ctypes
import json
import mmap
import os
import select
import struct
import sys
import time

lib = ctypes.CDLL("libnfs.so.13")


class NfsUrl(ctypes.Structure):
    _fields_ = [("server", ctypes.c_char_p), ("path", ctypes.c_char_p), ("file", ctypes.c_char_p)]


vp = ctypes.c_void_p
lib.nfs_init_context.restype = vp
lib.nfs_destroy_context.argtypes = [vp]
lib.nfs_get_error.restype = ctypes.c_char_p
lib.nfs_get_error.argtypes = [vp]
lib.nfs_parse_url_dir.restype = ctypes.POINTER(NfsUrl)
lib.nfs_parse_url_dir.argtypes = [vp, ctypes.c_char_p]
lib.nfs_destroy_url.argtypes = [ctypes.POINTER(NfsUrl)]
lib.nfs_mount.argtypes = [vp, ctypes.c_char_p, ctypes.c_char_p]
lib.nfs_umount.argtypes = [vp]
lib.nfs_mkdir.argtypes = [vp, ctypes.c_char_p]
lib.nfs_create.argtypes = [vp, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.POINTER(vp)]
lib.nfs_open.argtypes = [vp, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(vp)]
lib.nfs_pwrite.argtypes = [vp, vp, ctypes.c_uint64, ctypes.c_uint64, vp]
lib.nfs_fsync.argtypes = [vp, vp]
lib.nfs_close.argtypes = [vp, vp]
lib.nfs_rename.argtypes = [vp, ctypes.c_char_p, ctypes.c_char_p]
lib.nfs_get_writemax.restype = ctypes.c_uint64
lib.nfs_get_writemax.argtypes = [vp]
NFS_CB = ctypes.CFUNCTYPE(None, ctypes.c_int, vp, vp, vp)  # (status, nfs, data, private_data)
lib.nfs_pwrite_async.argtypes = [vp, vp, ctypes.c_uint64, ctypes.c_uint64, vp, NFS_CB, vp]
lib.nfs_get_fd.argtypes = [vp]
lib.nfs_which_events.argtypes = [vp]
lib.nfs_service.argtypes = [vp, ctypes.c_int]

FLAT_MAGIC = b"makedumpfile\0\0\0\0"
FLAT_HEADER = 4096


class NfsError(Exception):
    pass


class Client:
    def __init__(self, url):
        self.nfs = lib.nfs_init_context()
        if not self.nfs:
            raise NfsError("nfs_init_context failed")
        u = lib.nfs_parse_url_dir(self.nfs, url.encode())  # also applies version/nfsport/mountport
        if not u:
            raise NfsError(f"bad URL {url}: {self.error()}")
        try:
            self.check(lib.nfs_mount(self.nfs, u.contents.server, u.contents.path), "mount")
        finally:
            lib.nfs_destroy_url(u)

    def error(self):
        e = lib.nfs_get_error(self.nfs)
        return e.decode(errors="replace") if e else "?"

    def check(self, rc, what):
        if rc < 0:
            raise NfsError(f"{what}: {self.error()} ({rc})")
        return rc

    def mkdir(self, path):
        rc = lib.nfs_mkdir(self.nfs, path.encode())
        if rc < 0 and rc != -17:  # EEXIST
            self.check(rc, f"mkdir {path}")

    def open(self, path, flags, create=False):
        fh = vp()
        if create:
            self.check(lib.nfs_create(self.nfs, path.encode(), flags, 0o600, ctypes.byref(fh)), f"create {path}")
        else:
            self.check(lib.nfs_open(self.nfs, path.encode(), flags, ctypes.byref(fh)), f"open {path}")
        return fh

    def replay(self, path, flattened, stats, inflight=1):
        """Writes every record of the flattened stream at its offset: makedumpfile's own writes."""
        with open(flattened, "rb") as f:
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
        base = ctypes.addressof(ctypes.c_char.from_buffer(mm))
        if mm[:16] != FLAT_MAGIC:
            raise NfsError(f"{flattened}: not a makedumpfile flattened stream")
        # makedumpfile opens its dump file O_RDWR|O_CREAT|O_EXCL (exclusive create)
        fh = self.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, create=True)
        pos, writes, total, size = FLAT_HEADER, 0, 0, len(mm)
        pending = [0]
        failures = []

        def written(status, _nfs, data, _private):
            pending[0] -= 1
            if status < 0:
                failures.append(ctypes.cast(data, ctypes.c_char_p).value.decode(errors="replace") if data else status)

        callback = NFS_CB(written)
        t0 = time.monotonic()
        while pos + 16 <= size:
            off, n = struct.unpack_from(">qq", mm, pos)
            if off == -1:
                break
            pos += 16
            if inflight == 1:
                done = self.check(lib.nfs_pwrite(self.nfs, fh, off, n, base + pos), f"pwrite {path} @{off}+{n}")
                if done != n:
                    raise NfsError(f"pwrite {path} @{off}: {done} of {n} bytes")
            else:
                self.check(lib.nfs_pwrite_async(self.nfs, fh, off, n, base + pos, callback, None), f"pwrite {path}")
                pending[0] += 1
                self.service(lambda: pending[0] >= inflight)
            if failures:
                raise NfsError(f"pwrite {path}: {failures[0]}")
            pos += n
            writes += 1
            total += n
        self.service(lambda: pending[0] > 0)
        if failures:
            raise NfsError(f"pwrite {path}: {failures[0]}")
        t1 = time.monotonic()
        self.check(lib.nfs_fsync(self.nfs, fh), f"commit {path}")
        self.check(lib.nfs_close(self.nfs, fh), f"close {path}")
        t2 = time.monotonic()
        stats.update(writes=writes, bytes=total, write_s=t1 - t0, commit_s=t2 - t1)
        del base
        mm.close()

    def service(self, busy):
        """Runs libnfs's event loop while busy() holds."""
        p = select.poll()
        fd = lib.nfs_get_fd(self.nfs)
        while busy():
            p.register(fd, lib.nfs_which_events(self.nfs))
            revents = sum(ev for _, ev in p.poll(1000))
            self.check(lib.nfs_service(self.nfs, revents), "service")

    def commit(self, path):
        fh = self.open(path, os.O_WRONLY)
        self.check(lib.nfs_fsync(self.nfs, fh), f"commit {path}")
        self.check(lib.nfs_close(self.nfs, fh), f"close {path}")

    def rename(self, old, new):
        self.check(lib.nfs_rename(self.nfs, old.encode(), new.encode()), f"rename {old} {new}")

    def close(self):
        lib.nfs_umount(self.nfs)
        lib.nfs_destroy_context(self.nfs)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    try:
        client = Client(sys.argv[1])
    except NfsError as e:
        print(f"nfsclient: {e}", file=sys.stderr)
        sys.exit(1)
    stats = {"writemax": lib.nfs_get_writemax(client.nfs)}
    try:
        for step in sys.argv[2:]:
            op, _, arg = step.partition(":")
            t0 = time.monotonic()
            if op == "mkdir":
                client.mkdir(arg)
            elif op == "replay":
                path, flattened, *n = arg.split(":")
                client.replay(path, flattened, stats, int(n[0]) if n else 1)
            elif op == "commit":
                client.commit(arg)
            elif op == "rename":
                old, new = arg.split(":", 1)
                client.rename(old, new)
            else:
                raise SystemExit(f"nfsclient: unknown step {step}")
            stats[f"{op}_s"] = stats.get(f"{op}_s", 0) + time.monotonic() - t0
    except NfsError as e:
        print(f"nfsclient: {e}", file=sys.stderr)
        sys.exit(1)
    finally:
        client.close()
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
