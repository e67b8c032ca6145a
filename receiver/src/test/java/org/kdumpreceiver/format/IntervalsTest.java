package org.kdumpreceiver.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Intervals against a BitSet doing the same adds and removes. */
class IntervalsTest {
    @Test
    void matchesBitSet() {
        Random r = new Random(3);
        for (int round = 0; round < 200; round++) {
            Intervals set = new Intervals(1000);
            BitSet model = new BitSet();
            for (int op = 0; op < 50; op++) {
                int a = r.nextInt(500);
                int b = a + r.nextInt(40);
                if (r.nextInt(3) == 0) {
                    set.remove(a, b);
                    model.clear(a, b);
                } else {
                    set.add(a, b);
                    model.set(a, b);
                }
                int qa = r.nextInt(520);
                int qb = qa + r.nextInt(30);
                assertEquals(model.get(qa, qb).cardinality() == qb - qa, set.contains(qa, qb), "contains " + qa + ".." + qb);
                assertEquals(!model.get(qa, qb).isEmpty(), set.intersects(qa, qb), "intersects " + qa + ".." + qb);
                assertEquals(model.get(qa, qb).cardinality(), set.coveredWithin(qa, qb), "covered " + qa + ".." + qb);
            }
            int runs = 0;
            for (var e : set.all()) {
                runs++;
                assertTrue(e.getKey() < e.getValue());
            }
            assertEquals(runs, set.size());
        }
    }

    @Test
    void overflowsPastCap() {
        Intervals set = new Intervals(3);
        for (int i = 0; i < 3; i++) {
            set.add(i * 10, i * 10 + 5);
        }
        assertFalse(set.overflowed());
        set.add(100, 101);
        assertTrue(set.overflowed());
    }
}
