package org.datasetexport.spi;

import java.net.URI;

/**
 * Makes a destination URI safe to put into a message or a log line, by structure rather than by
 * pattern: the user info is everything between the scheme and the <em>last</em> {@code @}, so a
 * password with {@code /}, {@code @}, {@code :} or {@code ?} in it is still found; of it only a
 * plain user name before the first {@code :} is kept, the rest becomes {@code …}; the query and
 * fragment become {@code ?…}, and control characters become {@code ?}. It never fails, so it can be
 * used on text that is not a valid URI. Every provider uses it before it builds a message from a URI;
 * the registry also scrubs what providers throw (see {@code ProviderRegistry}).
 *
 * <pre>{@code
 * UriRedaction.redact("sftp://me:p@ss/w?rd@host:22/in")   // "sftp://me:…@host:22/in"
 * UriRedaction.redact("dlz://c/p?sv=1&sig=abc")            // "dlz://c/p?…"
 * }</pre>
 */
public final class UriRedaction {
    private static final String HIDDEN = "…";

    private UriRedaction() {
    }

    /**
     * @param uri a URI, or null
     * @return its redacted text ({@code null} for null)
     */
    public static String redact(URI uri) {
        return uri == null ? "null" : redact(uri.toString());
    }

    /**
     * @param text URI text, possibly malformed, or null
     * @return the text without user info, query, fragment and control characters
     */
    public static String redact(String text) {
        if (text == null) {
            return "null";
        }
        String s = text;
        int start = schemeEnd(s);
        if (s.startsWith("//", start)) {
            start += 2;
        }
        // the last '@' ends the user info even when the password holds '/', '?', '#' or '@'; a plain
        // user name before the first ':' stays (it says who failed to log in), everything else goes
        int at = s.lastIndexOf('@');
        if (at < start) {
            // user info hidden by percent-encoding ("KEY%3Apw%40bucket"): judged by what it decodes to
            int end = firstOf3(s, start, '/', '?', '#');
            String authority = s.substring(start, end < 0 ? s.length() : end);
            String decoded = percentDecode(authority);
            if (authority.indexOf('%') >= 0 && (decoded.indexOf('@') >= 0 || decoded.indexOf(':') >= 0 && !decoded.matches(".*:[0-9]*"))) {
                s = s.substring(0, start) + HIDDEN + s.substring(start + authority.length());
            }
        }
        if (at >= start) {
            String userInfo = percentDecode(s.substring(start, at)); // "user%3Apw" is a password too
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            String kept = user.matches("[A-Za-z0-9._-]{1,64}") ? user + (colon < 0 ? "" : ":" + HIDDEN) : HIDDEN;
            s = s.substring(0, start) + kept + s.substring(at);
        }
        int cut = firstOf(s, start, '?', '#');
        if (cut >= 0) {
            s = s.substring(0, cut) + "?" + HIDDEN;
        }
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * Decodes {@code %XX} escapes leniently (an invalid escape stays as it is), never {@code +}.
     *
     * @param text URI text
     * @return the decoded text
     */
    public static String percentDecode(String text) {
        if (text == null || text.indexOf('%') < 0) {
            return text;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
            int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
            if (c == '%' && hi >= 0 && lo >= 0) {
                bytes.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int firstOf3(String s, int from, char a, char b, char c) {
        int i = firstOf(s, from, a, b);
        int j = s.indexOf(c, from);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }

    /** The index after {@code scheme:}, or 0 when the text does not start with a scheme. */
    private static int schemeEnd(String s) {
        int colon = s.indexOf(':');
        return colon > 0 && s.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*") ? colon + 1 : 0;
    }

    private static int firstOf(String s, int from, char a, char b) {
        int i = s.indexOf(a, from);
        int j = s.indexOf(b, from);
        return i < 0 ? j : j < 0 ? i : Math.min(i, j);
    }
}
