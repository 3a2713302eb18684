package org.datasetexport.cli;

import java.util.Arrays;
import java.util.List;

/**
 * Configures the console logger (slf4j-simple, on standard error) before the first logger exists:
 * by default the SDK logs warnings and the CLI's own messages ({@code serve}'s run log) at info;
 * {@code -v/--verbose} shows the SDK's info messages too, {@code -q/--quiet} only errors. A
 * {@code -Dorg.slf4j.simpleLogger.*} system property set by the user wins.
 */
final class Logging {
    private static volatile boolean quiet;

    private Logging() {
    }

    static void configure(String[] args) {
        List<String> a = Arrays.asList(args);
        quiet = a.contains("-q") || a.contains("--quiet");
        boolean verbose = a.contains("-v") || a.contains("--verbose");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", quiet ? "error" : verbose ? "info" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.datasetexport", quiet ? "warn" : "info");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    }

    static boolean quiet() {
        return quiet;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
