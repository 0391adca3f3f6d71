package io.ferry.util;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void plainTextIsUnchanged() {
        String s = "node-7 at 10.0.0.5:7421 (image v2.1, 4.2 GiB) é ü 東京";
        assertThat(Printable.safe(s)).isSameAs(s);
    }

    @Test
    void controlCharactersAreShownNotObeyed() {
        assertThat(Printable.safe("evil\u001b[2J\u001b]0;title\u0007")).isEqualTo("evil\\x1b[2J\\x1b]0;title\\x07");
        assertThat(Printable.safe("a\r\nb\tc\u007f")).isEqualTo("a\\x0d\\x0ab\\x09c\\x7f");
        assertThat(Printable.safe("csi\u009b31m")).isEqualTo("csi\\x9b31m"); // the one-byte CSI of C1
        assertThat(Printable.safe("abc\u202egnp.exe")).isEqualTo("abc\\u202egnp.exe");
        assertThat(Printable.safe("line\u2028sep")).isEqualTo("line\\u2028sep");
        assertThat(Printable.safe(null)).isEqualTo("null");
    }
}
