package io.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ferry.testing.Cli;
import io.ferry.testing.TestData;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * get into a block device (a loop device over a file: tests run as root), and import from one. Every loop
 * device and mount made here is undone after each test.
 */
class DeviceDeliveryTest {
    @TempDir
    Path tmp;
    Path data;
    Path img;
    byte[] bytes;
    private final List<String> loops = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        data = tmp.resolve("data");
        bytes = TestData.sparse(31, 3 << 20);
        img = TestData.write(tmp.resolve("img.raw"), bytes);
        assertThat(ferry("import", img.toString()).exit()).isZero();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Path m : mounts) {
            run("umount", m.toString());
        }
        for (String l : loops) {
            run("losetup", "-d", l);
        }
    }

    Cli.Result ferry(String... args) {
        return Cli.on(data, args);
    }

    /** A loop device over a file of {@code size} bytes full of garbage, so zeros must really be written. */
    String loop(String name, int size) throws Exception {
        Path backing = TestData.write(tmp.resolve(name), TestData.random(32, size));
        String dev = run("losetup", "-f", "--show", backing.toString()).strip();
        loops.add(dev);
        return dev;
    }

    @Test
    void get_intoLoopDevice_writtenInPlaceAndVerified() throws Exception {
        String dev = loop("disk", 4 << 20);
        Cli.Result r = ferry("get", "img", "-o", dev, "--sha256", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"output\" : \"device\"").contains("\"path\" : \"" + dev + "\"");
        byte[] onDevice = new byte[bytes.length];
        try (RandomAccessFile f = new RandomAccessFile(dev, "r")) {
            f.readFully(onDevice);
            assertThat(f.length()).as("the device keeps its size").isEqualTo(4 << 20);
        }
        assertThat(Arrays.equals(onDevice, bytes)).as("device bytes equal the image, zeros included").isTrue();
        assertThat(Path.of(dev)).as("nothing renamed over the device node").matches(p -> !Files.isRegularFile(p));
        assertThat(Files.exists(io.ferry.assemble.Assembly.partFile(Path.of(dev)))).isFalse();
    }

    @Test
    void get_deviceThroughASymlink_writtenInPlace() throws Exception {
        String dev = loop("disk", 4 << 20);
        Path lv = Files.createSymbolicLink(tmp.resolve("vg-lv"), Path.of(dev)); // as /dev/VG/LV is
        Cli.Result r = ferry("get", "img", "-o", lv.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(lv)).isTrue();
        byte[] onDevice = new byte[bytes.length];
        try (RandomAccessFile f = new RandomAccessFile(dev, "r")) {
            f.readFully(onDevice);
        }
        assertThat(Arrays.equals(onDevice, bytes)).isTrue();
    }

    @Test
    void get_deviceSmallerThanTheImage_refused() throws Exception {
        String dev = loop("small", 1 << 20);
        Cli.Result r = ferry("get", "img", "-o", dev);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.errLine()).contains(dev).contains("fewer than the " + bytes.length + " of image 'img'");
    }

    @Test
    void get_mountedDevice_refusedAsBusy() throws Exception {
        String dev = loop("fs", 8 << 20);
        run("mkfs.ext4", "-q", dev);
        Path mnt = Files.createDirectories(tmp.resolve("mnt"));
        run("mount", dev, mnt.toString());
        mounts.add(mnt);
        Files.writeString(mnt.resolve("file"), "kept");
        Cli.Result r = ferry("get", "img", "-o", dev);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err().lines().count()).isEqualTo(1);
        assertThat(r.errLine()).contains(dev).contains("busy");
        assertThat(Files.readString(mnt.resolve("file"))).isEqualTo("kept");
    }

    @Test
    void import_fromLoopDevice_sizeRightAndDeliverable() throws Exception {
        String dev = loop("src", 4 << 20);
        try (RandomAccessFile f = new RandomAccessFile(dev, "rw")) {
            f.write(bytes);
        }
        Cli.Result r = ferry("import", dev, "--name", "fromdev", "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"size\" : " + (4 << 20));
        Path out = tmp.resolve("out.img");
        assertThat(ferry("get", "fromdev", "-o", out.toString()).exit()).isZero();
        byte[] back = Files.readAllBytes(out);
        assertThat(back.length).isEqualTo(4 << 20);
        assertThat(Arrays.equals(back, 0, bytes.length, bytes, 0, bytes.length)).isTrue();
        assertThat(ferry("get", "img", "-o", dev).errLine()).as("a seed device is never overwritten")
                .contains("seed of image 'fromdev'");
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s (bin/test runs as root)", String.join(" ", cmd), output).isZero();
        return output;
    }
}
