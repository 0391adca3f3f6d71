package io.ferry.trust;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pem reads the files {@code ferry ca} writes, with the JDK alone: an X.509 certificate
 * ({@code CERTIFICATE}) and an unencrypted PKCS#8 EC private key ({@code PRIVATE KEY}). Anything else,
 * a malformed file included, is an IOException that names the file.
 */
public final class Pem {
    /** Far above any certificate or key ferry writes (under 1 KiB); refuses to read a huge file into memory. */
    static final int MAX_FILE = 64 * 1024;
    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private Pem() {
    }

    /** The first certificate in {@code file}. */
    public static X509Certificate certificate(Path file) throws IOException {
        byte[] bytes = read(file);
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException | RuntimeException e) {
            // the JDK's parser throws unchecked exceptions on some malformed input; both mean the same here
            throw new IOException(file + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    /** The PKCS#8 EC private key in {@code file}. */
    public static PrivateKey privateKey(Path file) throws IOException {
        String text = new String(read(file), StandardCharsets.US_ASCII);
        Matcher m = KEY.matcher(text);
        if (!m.find()) {
            throw new IOException(file + ": not a PEM private key (expected -----BEGIN PRIVATE KEY-----, "
                    + "an unencrypted PKCS#8 key as ferry ca writes)");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(m.group(1));
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IOException(file + ": not a PKCS#8 EC private key (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE) {
            throw new IOException(file + ": " + size + " bytes is too large for a certificate or key");
        }
        return Files.readAllBytes(file);
    }
}
