package io.ferry.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeFileTest {
    @TempDir
    Path dir;

    @Test
    void findsDataAndHolesWithoutReading() throws Exception {
        Path f = dir.resolve("sparse");
        long mib = 1 << 20;
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(64 * mib);
            raf.seek(16 * mib);
            raf.write(new byte[(int) mib]);  // zeros written are data, not a hole
            raf.seek(40 * mib);
            raf.write(1);
        }
        try (NativeFile nf = NativeFile.openRead(f)) {
            long size = 64 * mib;
            long d1 = nf.nextData(0);
            assertThat(d1).isLessThanOrEqualTo(16 * mib);
            long h1 = nf.nextHole(d1, size);
            assertThat(h1).isGreaterThanOrEqualTo(17 * mib).isLessThan(40 * mib);
            long d2 = nf.nextData(h1);
            assertThat(d2).isGreaterThan(h1).isLessThanOrEqualTo(40 * mib);
            long h2 = nf.nextHole(d2, size);
            assertThat(h2).isGreaterThan(40 * mib).isLessThan(size);
            assertThat(nf.nextData(h2)).isEqualTo(-1);
        }
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> NativeFile.openRead(dir.resolve("nope")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope");
    }

    @Test
    void aRegularFileIsNotABlockDevice() throws Exception {
        Path f = Files.writeString(dir.resolve("plain"), "x");
        try (NativeFile nf = NativeFile.openRead(f)) {
            assertThatThrownBy(nf::deviceSize).hasMessageContaining("BLKGETSIZE64");
        }
    }
}
