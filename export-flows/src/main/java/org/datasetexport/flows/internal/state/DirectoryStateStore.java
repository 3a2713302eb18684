package org.datasetexport.flows.internal.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.datasetexport.ExportException;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.StateStore;
import org.datasetexport.spi.support.Fsync;
import org.datasetexport.spi.StoragePaths;
import org.datasetexport.flows.state.StoredFlow;

/**
 * {@link StateStore#directory}: {@code <dir>/flows/<flowId>/flow.json} and
 * {@code <dir>/flows/<flowId>/runs/<start><slot>-<runId>.json} (names that sort newest first, so
 * reading a page of history parses only that page). Every file is written to a temp name, fsynced and
 * moved into place atomically, so a crash never leaves a half-written state file. Compare-and-set
 * holds this object's monitor and an OS file lock on the flow, so two processes on one directory
 * do not claim the same slot either.
 */
public final class DirectoryStateStore implements StateStore {
    private final Path flowsDir;

    /**
     * @param root the state directory
     */
    public DirectoryStateStore(Path root) {
        this.flowsDir = root.toAbsolutePath().resolve("flows");
        try {
            Files.createDirectories(flowsDir);
        } catch (IOException e) {
            throw new ExportException("cannot create the state directory " + flowsDir + ": " + e.getMessage(), e);
        }
        removeStaleTempFiles();
    }

    private Path flowDir(String flowId) {
        return flowsDir.resolve(StoragePaths.requireValidSegment(flowId, "flowId"));
    }

    @Override
    public synchronized List<StoredFlow> flows() {
        List<StoredFlow> result = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(flowsDir, Files::isDirectory)) {
            for (Path dir : dirs) {
                read(dir.resolve("flow.json")).map(json -> FlowJson.storedFlowFromJson(json, toString())).ifPresent(result::add);
            }
        } catch (IOException e) {
            throw failure("list flows", e);
        }
        result.sort(Comparator.comparing(StoredFlow::flowId));
        return result;
    }

    @Override
    public synchronized Optional<StoredFlow> flow(String flowId) {
        return read(flowDir(flowId).resolve("flow.json")).map(json -> FlowJson.storedFlowFromJson(json, toString()));
    }

    @Override
    public synchronized boolean insert(StoredFlow flow) {
        return withFlowLock(flow.flowId(), () -> {
            if (read(flowDir(flow.flowId()).resolve("flow.json")).isPresent()) {
                return false;
            }
            write(flowDir(flow.flowId()).resolve("flow.json"), FlowJson.storedFlowToJson(flow));
            return true;
        });
    }

    @Override
    public synchronized boolean replace(StoredFlow expected, StoredFlow updated) {
        return withFlowLock(expected.flowId(), () -> {
            Optional<StoredFlow> current = read(flowDir(expected.flowId()).resolve("flow.json")).map(json -> FlowJson.storedFlowFromJson(json, toString()));
            if (current.isEmpty() || current.get().version() != expected.version()) {
                return false;
            }
            write(flowDir(expected.flowId()).resolve("flow.json"), FlowJson.storedFlowToJson(updated));
            return true;
        });
    }

    @Override
    public synchronized void delete(String flowId) {
        Path dir = flowDir(flowId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw failure("delete flow " + flowId, e);
        }
    }

    @Override
    public synchronized void saveRun(ExportRun run) {
        Path runs = flowDir(run.flowId()).resolve("runs");
        String runId = StoragePaths.requireValidSegment(run.runId(), "runId");
        Path file = runs.resolve(runFileName(run));
        // the name sorts by start time, which a run's transitions change: write the new name, then
        // remove the old one, so a reader always finds at least one
        List<Path> earlier = runFiles(runs).stream().filter(f -> f.runId().equals(runId) && !f.path().equals(file))
                .map(RunFile::path).toList();
        write(file, FlowJson.runToJson(run));
        for (Path old : earlier) {
            try {
                Files.deleteIfExists(old);
            } catch (IOException e) {
                throw failure("replace run file " + old, e);
            }
        }
    }

    /**
     * Not under the store's lock: each run file is replaced atomically, and the names sort newest
     * first, so only the runs returned are read and parsed. A file removed between listing and
     * reading (a run moved to its next state) makes it list again.
     */
    @Override
    public List<ExportRun> runs(String flowId, int offset, int limit) {
        Path dir = flowDir(flowId).resolve("runs");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        for (int attempt = 0; ; attempt++) {
            List<RunFile> files = runFiles(dir);
            if (files.stream().anyMatch(f -> f.sortKey() == null)) {
                migrateLegacyNames(dir);
                continue;
            }
            List<ExportRun> page = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            boolean vanished = false;
            int skipped = 0;
            for (RunFile f : files) {
                if (page.size() == limit) {
                    break;
                }
                if (!seen.add(f.runId())) {
                    continue; // the same run under its old and its new name; the newer name sorts first
                }
                if (skipped < offset) {
                    skipped++;
                    continue;
                }
                Optional<String> json = read(f.path());
                if (json.isEmpty()) {
                    vanished = true;
                    break;
                }
                page.add(FlowJson.runFromJson(json.get(), toString()));
            }
            if (!vanished || attempt >= 5) {
                page.sort(InMemoryStateStore.RunOrder.NEWEST_FIRST);
                return page;
            }
        }
    }

    @Override
    public synchronized int pruneRuns(String flowId, int keep) {
        Path dir = flowDir(flowId).resolve("runs");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        if (runFiles(dir).stream().anyMatch(f -> f.sortKey() == null)) {
            migrateLegacyNames(dir);
        }
        List<RunFile> files = runFiles(dir);
        int removed = 0;
        for (RunFile f : files.subList(Math.min(keep, files.size()), files.size())) {
            try {
                if (Files.deleteIfExists(f.path())) {
                    removed++;
                }
            } catch (IOException e) {
                throw failure("remove old run " + f.path(), e);
            }
        }
        return removed;
    }

    /**
     * A run file: {@code <start><slot>-<runId>.json}, where start and slot are the run's start and
     * scheduled times as 16 hex digits each (microseconds, sign bit flipped), so the names sort
     * like {@link InMemoryStateStore.RunOrder}; or {@code <runId>.json}, as written before, with no
     * sort key.
     */
    private record RunFile(Path path, String sortKey, String runId) {
    }

    private static final java.util.regex.Pattern SORTED_NAME = java.util.regex.Pattern.compile("([0-9a-f]{32})-(.+)\\.json");

    /** @return the run files, newest first; files with the earlier names (no sort key) last */
    private static List<RunFile> runFiles(Path dir) {
        List<RunFile> result = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                java.util.regex.Matcher m = SORTED_NAME.matcher(name);
                result.add(m.matches() ? new RunFile(f, m.group(1), m.group(2))
                        : new RunFile(f, null, name.substring(0, name.length() - ".json".length())));
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw failure("list runs in " + dir, e);
        }
        result.sort(Comparator.comparing((RunFile f) -> f.sortKey() == null ? "" : f.sortKey() + "-" + f.runId()).reversed());
        return result;
    }

    private static String runFileName(ExportRun run) {
        return sortable(run.startedAt()) + sortable(run.scheduledTime()) + "-" + run.runId() + ".json";
    }

    private static String sortable(Instant t) {
        long micros = Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
        return String.format("%016x", micros ^ Long.MIN_VALUE);
    }

    /** Gives run files written before sortable names their sortable name (read once, then never again). */
    private synchronized void migrateLegacyNames(Path dir) {
        for (RunFile f : runFiles(dir)) {
            if (f.sortKey() != null) {
                continue;
            }
            Optional<String> json = read(f.path());
            if (json.isEmpty()) {
                continue;
            }
            ExportRun run = FlowJson.runFromJson(json.get(), toString());
            write(dir.resolve(runFileName(run)), json.get());
            try {
                Files.deleteIfExists(f.path());
            } catch (IOException e) {
                throw failure("rename run file " + f.path(), e);
            }
        }
    }

    private interface LockedAction {
        boolean run();
    }

    @SuppressWarnings("try") // the lock is held for the block, never referenced
    private boolean withFlowLock(String flowId, LockedAction action) {
        Path dir = flowDir(flowId);
        try {
            Files.createDirectories(dir);
            try (FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = channel.lock()) {
                return action.run();
            }
        } catch (IOException e) {
            throw failure("lock flow " + flowId, e);
        }
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read state file " + file, e);
        }
    }

    private static void write(Path file, String content) {
        Path temp = file.resolveSibling("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            // the rename is durable only once the folder's entry is on disk too
            Fsync.directory(file.getParent());
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw failure("write " + file, e);
        }
    }


    /**
     * Temp files of writers that died between write and rename. Another process sharing the
     * folder may be writing one right now, so only those older than an hour go.
     */
    private void removeStaleTempFiles() {
        FileTime limit = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (Stream<Path> walk = Files.walk(flowsDir)) {
            for (Path p : walk.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                try {
                    if (Files.getLastModifiedTime(p).compareTo(limit) < 0) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // gone already, or not ours to remove
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // cleaning up is best effort; the store works without it
        }
    }

    private static ExportException failure(String what, IOException e) {
        return new ExportException("State store: cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return "DirectoryStateStore[" + flowsDir.getParent() + "]";
    }
}
