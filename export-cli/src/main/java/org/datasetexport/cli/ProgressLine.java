package org.datasetexport.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.datasetexport.ExportListener;
import org.datasetexport.ExportResult;

/**
 * The progress of a {@code run} on standard error: rows, stored bytes, committed files, rows per
 * second and, when the source's size is known, percent and time left. On a terminal one line is
 * redrawn in place; elsewhere (forced with {@code --progress}) a line is printed per update, at
 * most every {@code interval} milliseconds, so logs and pipes get a readable trail.
 */
final class ProgressLine implements ExportListener {
    private final PrintWriter err;
    private final boolean inPlace;
    private final OptionalLong totalRows;
    private final LongSupplier nanos;
    private final long intervalNanos;
    private long started;
    private long lastDrawn;
    private int width;

    ProgressLine(PrintWriter err, boolean inPlace, OptionalLong totalRows, long intervalMillis, LongSupplier nanos) {
        this.err = err;
        this.inPlace = inPlace;
        this.totalRows = totalRows;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.nanos = nanos;
    }

    @Override
    public void runStarted(RunStarted event) {
        started = nanos.getAsLong();
        lastDrawn = started;
    }

    @Override
    public void progress(Progress event) {
        long now = nanos.getAsLong();
        if (now - lastDrawn >= intervalNanos) {
            lastDrawn = now;
            draw(line(event.records(), event.bytes(), event.files(), now), false);
        }
    }

    @Override
    public void runFinished(ExportResult result) {
        draw(line(result.records(), result.bytes(), result.files().size(), nanos.getAsLong()) + "  done", true);
    }

    @Override
    public void runFailed(RunFailed event) {
        if (inPlace && width > 0) {
            draw("failed", true);
        }
    }

    String line(long rows, long bytes, int files, long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        double rate = rows / seconds;
        StringBuilder b = new StringBuilder(96);
        if (totalRows.isPresent() && totalRows.getAsLong() > 0) {
            long total = totalRows.getAsLong();
            int percent = (int) Math.min(100, rows * 100 / total);
            b.append(String.format(Locale.ROOT, "%3d%% ", percent));
            int filled = percent / 5;
            b.append('[').append("=".repeat(filled)).append(" ".repeat(20 - filled)).append("] ");
            b.append(String.format(Locale.ROOT, "%,d/%,d rows", rows, total));
        } else {
            b.append(String.format(Locale.ROOT, "%,d rows", rows));
        }
        b.append(String.format(Locale.ROOT, "  %s  %d file(s)  %,.0f rows/s  %s", bytes(bytes), files, rate, clock(seconds)));
        if (totalRows.isPresent() && rate > 0 && rows < totalRows.getAsLong()) {
            b.append("  ETA ").append(clock((totalRows.getAsLong() - rows) / rate));
        }
        return b.toString();
    }

    private void draw(String text, boolean last) {
        if (inPlace) {
            String padded = text.length() < width ? text + " ".repeat(width - text.length()) : text;
            width = text.length();
            err.print("\r" + padded);
            if (last) {
                err.println();
            }
        } else {
            err.println(text);
        }
        err.flush();
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
