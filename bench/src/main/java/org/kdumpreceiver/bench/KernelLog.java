package org.kdumpreceiver.bench;

import java.nio.charset.StandardCharsets;

/**
 * An endless dmesg-like ASCII stream ("[ 1234.567890] usb 1-1: ..."), as a kernel's log buffer and
 * page cache of text files look in memory. Lines run across page boundaries, as in a ring buffer.
 */
final class KernelLog {
    private static final byte[][] WORDS = ascii(
            "usb", "xhci_hcd", "EXT4-fs", "sda", "nvme0n1", "eth0", "e1000e", "audit", "systemd", "kworker",
            "CPU", "irq", "ACPI", "PCI", "pci_bus", "memory", "page", "allocation", "failure", "mounted",
            "filesystem", "ordered", "data", "mode", "NIC", "Link", "is", "Up", "Full", "Duplex", "Flow",
            "Control", "apparmor", "STATUS", "operation", "profile_load", "comm", "pid", "Killed", "process",
            "total-vm", "anon-rss", "file-rss", "RIP", "Call", "Trace", "BUG", "unable", "to", "handle",
            "fault", "for", "address", "Oops", "Tainted", "Hardware", "name", "QEMU", "Standard", "PC",
            "do_syscall_64", "entry_SYSCALL_64_after_hwframe", "__schedule", "schedule_timeout", "ret_from_fork",
            "kthread", "worker_thread", "process_one_work", "blk_mq_run_hw_queue", "nvme_queue_rq", "ext4_writepages",
            "throttled", "temperature", "above", "threshold", "clock", "events", "segfault", "error", "in");
    private static final byte[][] PREFIXES = ascii(
            "usb 1-1: ", "EXT4-fs (sda1): ", "e1000e 0000:00:1f.6 eth0: ", "audit: ", "systemd[1]: ",
            "nvme nvme0: ", "CPU3: ", "Out of memory: ", "RIP: 0010:", " ? ", "BUG: ", "pci 0000:00:02.0: ",
            "kernel: ", "ACPI: ", "");

    private final SplitMix random;
    private final byte[] line = new byte[256];
    private int lineLen;
    private int linePos;
    private long micros = 1_000_000;

    KernelLog(long seed) {
        this.random = new SplitMix(seed);
    }

    /** Fills exactly {@code len} bytes with log text. */
    void fill(byte[] buf, int off, int len) {
        while (len > 0) {
            if (linePos == lineLen) {
                nextLine();
            }
            int n = Math.min(len, lineLen - linePos);
            System.arraycopy(line, linePos, buf, off, n);
            linePos += n;
            off += n;
            len -= n;
        }
    }

    private void nextLine() {
        micros += 1 + random.nextInt(2_000_000);
        int p = 0;
        line[p++] = '[';
        p = padded(micros / 1_000_000, 5, ' ', p);
        line[p++] = '.';
        p = padded(micros % 1_000_000, 6, '0', p);
        line[p++] = ']';
        line[p++] = ' ';
        p = put(PREFIXES[random.nextInt(PREFIXES.length)], p);
        int words = 3 + random.nextInt(9);
        for (int w = 0; w < words && p < 200; w++) {
            if (w > 0) {
                line[p++] = ' ';
            }
            int r = random.nextInt(8);
            if (r == 0) {
                line[p++] = '0';
                line[p++] = 'x';
                p = hex(random.next() >>> (4 * random.nextInt(12)), p);
            } else if (r == 1) {
                p = padded(random.nextInt(100_000), 1, ' ', p);
            } else {
                p = put(WORDS[random.nextInt(WORDS.length)], p);
            }
        }
        line[p++] = '\n';
        lineLen = p;
        linePos = 0;
    }

    private int put(byte[] word, int p) {
        System.arraycopy(word, 0, line, p, word.length);
        return p + word.length;
    }

    private int padded(long v, int width, char pad, int p) {
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        for (int i = digits; i < width; i++) {
            line[p++] = (byte) pad;
        }
        int end = p + digits;
        for (int i = end - 1; i >= p; i--) {
            line[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    private int hex(long v, int p) {
        int digits = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 3) / 4);
        for (int i = digits - 1; i >= 0; i--) {
            line[p + i] = (byte) "0123456789abcdef".charAt((int) (v & 15));
            v >>>= 4;
        }
        return p + digits;
    }

    private static byte[][] ascii(String... s) {
        byte[][] out = new byte[s.length][];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
}
