package io.ferry.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ferry.manifest.ManifestId;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image record file: what is written reads back the same, and anything damaged is reported, not skipped. */
class ImageRecordFormatTest {
    private static final ManifestId ID = ManifestId.parse("ab".repeat(32));
    private static final Path FILE = Path.of("/data/images/v1.image");

    @TempDir
    Path dir;

    private static ImageRecord seed() {
        SignedFact binding = new SignedFact(NodeId.of("node-a"), ImageBinding.KIND, 7, new byte[] {1, 2, 3},
                new byte[] {9, 8}, new byte[] {5});
        return new ImageRecord("v1", ID, 4096, "cd".repeat(32), ImageRecord.Holding.SEED,
                Path.of("/var/lib/vm/odd %name\nwith a newline.img"), 4096, 1_700_000_000_123L, 1_700_000_001_000L, binding);
    }

    private static ImageRecord copyWithoutBinding() {
        return new ImageRecord("web:2@x+y", ID, 0, "00".repeat(32), ImageRecord.Holding.COPY, null, 0, 0, 5, null);
    }

    @Test
    void encode_thenDecode_givesTheSameRecord() throws Exception {
        for (ImageRecord r : new ImageRecord[] {seed(), copyWithoutBinding()}) {
            byte[] bytes = ImageRecordFormat.encode(r);
            ImageRecord back = ImageRecordFormat.decode(FILE, bytes);
            assertThat(CatalogRepair.same(back, r)).as(new String(bytes, StandardCharsets.UTF_8)).isTrue();
            assertThat(back.seedFile()).isEqualTo(r.seedFile());
        }
        String text = new String(ImageRecordFormat.encode(seed()), StandardCharsets.UTF_8);
        assertThat(text).startsWith("ferry image record 1\nname v1\n")
                .contains("seed-file /var/lib/vm/odd %25name%0Awith a newline.img\n");
    }

    @Test
    void decode_anyFlippedByte_isReportedNamingTheFile() {
        byte[] good = ImageRecordFormat.encode(seed());
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x04;
            int at = i;
            assertThatThrownBy(() -> ImageRecordFormat.decode(FILE, bad)).as("byte %d", at)
                    .isInstanceOf(ImageRecordException.class).hasMessageStartingWith("image record " + FILE + " is damaged: ");
        }
    }

    @Test
    void decode_truncatedOrEmpty_isReported() {
        byte[] good = ImageRecordFormat.encode(seed());
        for (int n : new int[] {0, 1, good.length / 2, good.length - 1}) {
            assertThatThrownBy(() -> ImageRecordFormat.decode(FILE, Arrays.copyOf(good, n))).as("%d bytes", n)
                    .isInstanceOf(ImageRecordException.class);
        }
    }

    @Test
    void scan_damagedAndMisnamedFiles_reportedBesideTheGoodOnes() throws Exception {
        ImageRecords records = new ImageRecords(dir.resolve("images"));
        records.write(seed());
        records.write(copyWithoutBinding());
        Path torn = records.file("v1");
        Files.write(torn, Arrays.copyOf(Files.readAllBytes(torn), 40));
        Files.write(records.file("other"), ImageRecordFormat.encode(copyWithoutBinding()));

        ImageRecords.Scan scan = records.scan();

        assertThat(scan.records()).containsOnlyKeys("web:2@x+y");
        assertThat(scan.damaged()).extracting(ImageRecordException::file)
                .containsExactlyInAnyOrder(torn, records.file("other"));
        assertThat(scan.damaged()).extracting(ImageRecords.Scan::nameOf).containsExactlyInAnyOrder("v1", "other");
        assertThat(scan.damaged().stream().filter(e -> e.file().equals(records.file("other"))).findFirst().orElseThrow())
                .hasMessageContaining("it is the record of image 'web:2@x+y'");
    }

    @Test
    void write_leavesNoTemporaryFileAndRemoveDeletes() throws Exception {
        ImageRecords records = new ImageRecords(dir.resolve("images"));
        records.write(seed());
        records.write(seed());
        try (var files = Files.list(records.dir())) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("v1.image");
        }
        records.remove("v1");
        assertThat(records.scan().records()).isEmpty();
    }
}
