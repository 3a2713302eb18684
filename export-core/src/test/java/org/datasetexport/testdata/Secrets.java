package org.datasetexport.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Assertions that a secret never shows: in an exception's message, its causes, suppressed ones, or its stack trace text. */
public final class Secrets {
    /** Secret values with the characters that broke redaction before: '/', '@', '_', ':', '?', '%', '+', ' '. */
    public static final List<String> AWKWARD = List.of("s3cr/et@pa_ss", "pw:with?query#frag", "p%40ss+word/==", "SIG_sig=abc123",
            "with space/and@at");

    private Secrets() {
    }

    /**
     * @param t a throwable
     * @param secrets values that must not appear
     */
    public static void assertNotIn(Throwable t, String... secrets) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        String text = trace.toString();
        for (String secret : secrets) {
            assertThat(text).as("stack trace of %s", t.getClass().getName()).doesNotContain(secret);
        }
    }

    /**
     * @param text any text (a log, a file, a toString)
     * @param secrets values that must not appear
     */
    public static void assertNotIn(String text, String... secrets) {
        for (String secret : secrets) {
            assertThat(text).doesNotContain(secret);
        }
    }
}
