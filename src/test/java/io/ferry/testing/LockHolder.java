package io.ferry.testing;

import io.ferry.catalog.DataDir;
import java.nio.file.Path;

/** LockHolder holds a data directory's lock until its stdin closes: a second process for lock tests. */
public final class LockHolder {
    public static void main(String[] args) throws Exception {
        try (DataDir dir = DataDir.open(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait until the test closes our stdin
            }
        }
    }
}
