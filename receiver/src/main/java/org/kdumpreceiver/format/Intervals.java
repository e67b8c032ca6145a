package org.kdumpreceiver.format;

import java.util.Map;
import java.util.TreeMap;

/**
 * A set of byte positions kept as merged, disjoint half-open intervals [start, end), with a cap on how
 * many disjoint intervals it may hold. Writes that mostly ascend keep it at a handful of intervals; once
 * the cap is passed the set is {@link #overflowed()} and its content must no longer be trusted.
 */
final class Intervals {
    private final TreeMap<Long, Long> map = new TreeMap<>();
    private final int cap;
    private boolean overflowed;

    Intervals(int cap) {
        this.cap = cap;
    }

    boolean overflowed() {
        return overflowed;
    }

    int size() {
        return map.size();
    }

    void add(long start, long end) {
        if (start >= end || overflowed) {
            return;
        }
        Map.Entry<Long, Long> before = map.floorEntry(start);
        if (before != null && before.getValue() >= start) {
            if (before.getValue() >= end) {
                return;
            }
            start = before.getKey();
        }
        // absorb every interval that starts inside [start, end]
        Map.Entry<Long, Long> next = map.ceilingEntry(start);
        while (next != null && next.getKey() <= end) {
            end = Math.max(end, next.getValue());
            map.remove(next.getKey());
            next = map.higherEntry(next.getKey());
        }
        map.put(start, end);
        if (map.size() > cap) {
            overflowed = true;
            map.clear();
        }
    }

    void remove(long start, long end) {
        if (start >= end || overflowed) {
            return;
        }
        Map.Entry<Long, Long> before = map.lowerEntry(start);
        if (before != null && before.getValue() > start) {
            long beforeEnd = before.getValue();
            map.put(before.getKey(), start);
            if (beforeEnd > end) {
                map.put(end, beforeEnd);
                return;
            }
        }
        Map.Entry<Long, Long> e = map.ceilingEntry(start);
        while (e != null && e.getKey() < end) {
            map.remove(e.getKey());
            if (e.getValue() > end) {
                map.put(end, e.getValue());
                break;
            }
            e = map.higherEntry(e.getKey());
        }
    }

    /** True if every position of [start, end) is in the set (an empty range always is). */
    boolean contains(long start, long end) {
        if (start >= end) {
            return true;
        }
        Map.Entry<Long, Long> e = map.floorEntry(start);
        return e != null && e.getValue() >= end;
    }

    /** True if some position of [start, end) is in the set. */
    boolean intersects(long start, long end) {
        if (start >= end) {
            return false;
        }
        Map.Entry<Long, Long> e = map.floorEntry(start);
        if (e != null && e.getValue() > start) {
            return true;
        }
        Long k = map.higherKey(start);
        return k != null && k < end;
    }

    /** How many positions of [start, end) are in the set. */
    long coveredWithin(long start, long end) {
        long n = 0;
        Map.Entry<Long, Long> e = map.floorEntry(start);
        Long from = e != null ? e.getKey() : map.ceilingKey(start);
        if (from == null) {
            return 0;
        }
        for (Map.Entry<Long, Long> i : map.tailMap(from, true).entrySet()) {
            if (i.getKey() >= end) {
                break;
            }
            n += Math.max(0, Math.min(end, i.getValue()) - Math.max(start, i.getKey()));
        }
        return n;
    }

    /** Every interval, in order. */
    Iterable<Map.Entry<Long, Long>> all() {
        return map.entrySet();
    }
}
