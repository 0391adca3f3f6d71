package io.ferry.catalog;

import io.ferry.manifest.ManifestId;
import io.ferry.trust.NodeId;
import io.ferry.trust.SignedFact;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * ImageRecordFormat is the text form of one {@link ImageRecord} in {@code DIR/images/<name>.image}: one
 * {@code key value} line per field in a fixed order, the binding's bytes in base64, and last a CRC32C of
 * every byte before it, so a torn or garbled file is detected rather than read as another image. Text,
 * so an operator can read what a node holds with {@code cat}; strings are percent-escaped where they
 * hold control characters or {@code %}. Decoding is strict: one encoding per record.
 */
final class ImageRecordFormat {
    static final String HEADER = "ferry image record 1";
    private static final String[] KEYS = {"name", "manifest", "size", "sha256", "holding", "seed-file", "seed-size",
        "seed-mtime", "imported-at"};
    private static final String[] BINDING = {"binding-origin", "binding-version", "binding-payload",
        "binding-signature", "binding-certificate"};
    private static final String CHECK = "crc32c ";

    private ImageRecordFormat() {
    }

    static byte[] encode(ImageRecord r) {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        line(s, "name", escape(r.name()));
        line(s, "manifest", r.manifestId().hex());
        line(s, "size", Long.toString(r.size()));
        line(s, "sha256", r.sha256() == null ? "-" : r.sha256());
        line(s, "holding", r.holding().name());
        line(s, "seed-file", r.seedFile() == null ? "-" : escape(r.seedFile().toString()));
        line(s, "seed-size", Long.toString(r.seedSize()));
        line(s, "seed-mtime", Long.toString(r.seedMtimeMillis()));
        line(s, "imported-at", Long.toString(r.importedAtMillis()));
        SignedFact b = r.binding();
        if (b != null) {
            Base64.Encoder e = Base64.getEncoder();
            line(s, "binding-origin", b.origin().value());
            line(s, "binding-version", Long.toString(b.version()));
            line(s, "binding-payload", e.encodeToString(b.payload()));
            line(s, "binding-signature", e.encodeToString(b.signature()));
            line(s, "binding-certificate", b.certificate() == null ? "-" : e.encodeToString(b.certificate()));
        }
        byte[] body = s.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 16);
        out.writeBytes(body);
        out.writeBytes((CHECK + String.format("%08x", crc(body, body.length)) + "\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * Decodes a record read from {@code file}; anything but exactly what {@link #encode} writes is an
     * {@link ImageRecordException} naming the file and what is wrong.
     */
    static ImageRecord decode(Path file, byte[] bytes) throws ImageRecordException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int check = text.lastIndexOf("\n" + CHECK) + 1;
        if (check <= 0 || !text.endsWith("\n")) {
            throw new ImageRecordException(file, bytes.length == 0 ? "it is empty" : "it has no checksum line (torn?)");
        }
        String want = text.substring(check + CHECK.length(), text.length() - 1);
        int bodyLength = text.substring(0, check).getBytes(StandardCharsets.UTF_8).length;
        if (!want.equals(String.format("%08x", crc(bytes, bodyLength)))) {
            throw new ImageRecordException(file, "its checksum does not match its content");
        }
        String[] lines = text.substring(0, check - 1).split("\n", -1);
        if (!lines[0].equals(HEADER)) {
            throw new ImageRecordException(file, "it does not start with '" + HEADER + "'");
        }
        boolean bound = lines.length == 1 + KEYS.length + BINDING.length;
        if (lines.length != 1 + KEYS.length && !bound) {
            throw new ImageRecordException(file, "it has " + (lines.length - 1) + " fields");
        }
        String[] v = new String[lines.length - 1];
        for (int i = 1; i < lines.length; i++) {
            String key = i <= KEYS.length ? KEYS[i - 1] : BINDING[i - 1 - KEYS.length];
            if (!lines[i].startsWith(key + " ")) {
                throw new ImageRecordException(file, "field " + i + " is not '" + key + "'");
            }
            v[i - 1] = lines[i].substring(key.length() + 1);
        }
        try {
            SignedFact binding = null;
            if (bound) {
                Base64.Decoder d = Base64.getDecoder();
                binding = new SignedFact(NodeId.of(v[9]), ImageBinding.KIND, Long.parseLong(v[10]), d.decode(v[11]),
                        d.decode(v[12]), v[13].equals("-") ? null : d.decode(v[13]));
            }
            ImageRecord r = new ImageRecord(unescape(v[0]), ManifestId.parse(v[1]), Long.parseLong(v[2]), v[3].equals("-") ? null : v[3],
                    ImageRecord.Holding.valueOf(v[4]), v[5].equals("-") ? null : Path.of(unescape(v[5])),
                    Long.parseLong(v[6]), Long.parseLong(v[7]), Long.parseLong(v[8]), binding);
            if (!java.util.Arrays.equals(encode(r), bytes)) {
                throw new ImageRecordException(file, "it is not in its one canonical form");
            }
            return r;
        } catch (IllegalArgumentException e) {
            throw new ImageRecordException(file, e.getMessage());
        }
    }

    private static void line(StringBuilder s, String key, String value) {
        s.append(key).append(' ').append(value).append('\n');
    }

    private static long crc(byte[] b, int length) {
        CRC32C c = new CRC32C();
        c.update(b, 0, length);
        return c.getValue();
    }

    /** Control characters and '%' become %XX, so every value is one line (other bytes pass as they are). */
    static String escape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x20 || c == 0x7f || c == '%') {
                out.writeBytes(String.format("%%%02X", c).getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String unescape(String s) {
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '%') {
                if (i + 2 >= in.length) {
                    throw new IllegalArgumentException("a value ends inside an escape");
                }
                out.write(Integer.parseInt(new String(in, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
