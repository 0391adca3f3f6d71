package io.ferry.trust;

import java.util.regex.Pattern;

/**
 * Site checks the name of a site (a rack, a room, a region): 1-64 letters, digits and {@code . _ -}.
 * The same rule holds where a site is written into a certificate, read back from one, and named in a
 * policy rule, so a site a policy names is always one a certificate can carry.
 */
public final class Site {
    private static final Pattern SITE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Site() {
    }

    /** {@code site} itself when it is a valid site name; IllegalArgumentException naming it otherwise. */
    public static String check(String site) {
        if (site == null || !SITE.matcher(site).matches()) {
            throw new IllegalArgumentException("invalid site '" + site + "': use 1-64 letters, digits and . _ -");
        }
        return site;
    }
}
