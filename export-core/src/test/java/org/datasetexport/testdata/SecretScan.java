package org.datasetexport.testdata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.logging.LogManager;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * For tests tagged {@code secret-scan} (issue 16), which Maven runs in a JVM of their own with every
 * SLF4J logger at TRACE writing to one file: {@link #everyLoggerAtTrace()} also routes
 * java.util.logging (the JDK's HTTP clients, Google's HTTP client) into that file at its finest
 * level, and {@link #assertNotLogged} searches the whole file.
 */
public final class SecretScan {
    /** The JUnit tag of such tests. */
    public static final String TAG = "secret-scan";

    private SecretScan() {
    }

    /** Sends every java.util.logging record, down to FINEST, to SLF4J (whose loggers are all at TRACE here). */
    public static void everyLoggerAtTrace() {
        LogManager.getLogManager().reset();
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        java.util.logging.Logger.getLogger("").setLevel(Level.ALL);
    }

    /** @return everything logged so far in this JVM */
    public static String log() throws IOException {
        String file = System.getProperty("secretScan.log");
        assertThat(file).as("run by the secret-scan execution (mvn verify), which sets secretScan.log").isNotNull();
        return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    }

    /**
     * Splits the log into records (a record's continuation lines belong to it) and names the
     * loggers whose records hold a secret. Tests of destinations whose vendor libraries print
     * credentials at DEBUG assert exactly that set, so the day it changes the test says so.
     *
     * @param secrets values that must not appear
     * @return the names of the loggers that printed one, sorted
     */
    public static Set<String> leakingLoggers(String... secrets) throws IOException {
        String log = log();
        // a scan of an empty log proves nothing: TRACE must really be on, and libraries must have logged
        assertThat(LoggerFactory.getLogger("org.datasetexport.secret-scan").isTraceEnabled()).as("TRACE on").isTrue();
        assertThat(log).contains(" DEBUG ");
        Set<String> leaking = new TreeSet<>();
        String logger = "(before the first record)";
        for (String line : log.split("\n")) {
            Matcher m = RECORD.matcher(line);
            if (m.find()) {
                logger = m.group(1);
            }
            for (String secret : secrets) {
                if (line.contains(secret)) {
                    leaking.add(logger);
                }
            }
        }
        return leaking;
    }

    /** slf4j-simple's record start: {@code [thread] LEVEL logger.name - message}. */
    private static final Pattern RECORD = Pattern.compile("^\\[[^\\]]*\\] (?:TRACE|DEBUG|INFO|WARN|ERROR) (\\S+) - ");
}
