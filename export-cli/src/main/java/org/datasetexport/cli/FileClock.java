package org.datasetexport.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that reads the time from a file holding one ISO instant, read again at every call: the
 * hidden {@code --clock-file} option, so that end-to-end tests of {@code serve} move time by
 * writing a file instead of waiting hours. Not for production (it is not shown in the help).
 */
final class FileClock extends Clock {
    private final Path file;

    FileClock(Path file) {
        this.file = file;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        try {
            return Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("clock file " + file, e);
        }
    }
}
