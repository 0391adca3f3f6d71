package io.ferry.chunk;

import java.util.ArrayList;
import java.util.List;

/** Cuts runs a chunker over an array in one piece: the reference the pipeline must agree with. */
final class Cuts {
    private Cuts() {
    }

    static List<Integer> of(Chunker c, byte[] data) {
        List<Integer> out = new ArrayList<>();
        for (int pos = 0; pos < data.length; ) {
            int len = c.cut(data, pos, Math.min(c.maxSize(), data.length - pos));
            out.add(len);
            pos += len;
        }
        return out;
    }
}
