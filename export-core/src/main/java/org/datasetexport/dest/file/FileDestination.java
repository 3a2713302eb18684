package org.datasetexport.dest.file;

import org.datasetexport.engine.AbandonedRuns;
import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationException;
import org.datasetexport.spi.support.Fsync;
import org.datasetexport.spi.AbstractStagedOutput;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.spi.StoragePaths;

/**
 * A local (or mounted) folder: the embedded default destination, URI {@code file:///path}.
 *
 * <p>Each file is written to a hidden temp name beside its target ({@code .<name>.<random>.tmp}),
 * fsynced, and published on commit by a hard link that fails if the target exists (so nothing is
 * ever overwritten), then the temp name is removed. Where hard links are not supported the temp
 * file is renamed without replacing. Abort deletes the temp file; folders left empty by a delete
 * are removed. Thread-safe.
 *
 * <p>It never follows a symbolic link inside its root: a path through a link (a folder or a file
 * that is a link, made by anyone) is refused with a non-retryable error before anything is written,
 * read or deleted, so data and manifests cannot be steered outside the root, and a rollback never
 * deletes a link or anything behind it. The root itself may be a link (that is the user's choice).
 * A rollback removes only the folders this destination created, never ones that were there before.
 *
 * <pre>{@code
 * Destination dest = FileDestination.builder(Path.of("/var/exports")).id("backups").build();
 * }</pre>
 */
public final class FileDestination implements Destination {
    private static final int MAX_REMEMBERED_FOLDERS = 10_000;
    /**
     * Temp files of open outputs are touched this often, so {@code cleanup(olderThan)} (which goes
     * by modification time) never takes the temp file of a live export that is buffering a Parquet
     * row group and writes nothing for a while, in this process or another.
     */
    public static final Duration HEARTBEAT = Duration.ofMinutes(1);
    private static final Pattern TEMP_NAME = Pattern.compile("\\..+\\.[0-9a-f]{8}\\.tmp");

    private final Path root;
    private final String id;
    private final Set<Path> liveTemps = ConcurrentHashMap.newKeySet();
    private final Object heartbeatLock = new Object();
    private ScheduledExecutorService heartbeat;
    /**
     * Folders this destination created; only these are removed again when a rollback empties them.
     * Bounded (the most recent ones are what a rollback needs), so a long-lived flow does not grow it forever.
     */
    private final Set<Path> createdDirs = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Boolean> eldest) {
            return size() > MAX_REMEMBERED_FOLDERS;
        }
    }));

    private FileDestination(Builder builder) {
        this.root = builder.root.toAbsolutePath().normalize();
        // Derived from the folder's name only: stable across machines, and no absolute path in file names.
        this.id = builder.id != null ? builder.id
                : StoragePaths.sanitizeSegment("file-" + (root.getFileName() == null ? "root" : root.getFileName()));
    }

    /**
     * @param root the folder exports go to; created when missing
     * @return a builder
     * @throws ConfigurationException when {@code root} is null
     */
    public static Builder builder(Path root) {
        return new Builder(ConfigurationException.requireNonNull(root, "root"));
    }

    /**
     * @param root the folder exports go to; created when missing
     * @return a destination with the default id
     */
    public static FileDestination of(Path root) {
        return builder(root).build();
    }

    /** @return the absolute root folder */
    public Path root() {
        return root;
    }

    @Override
    public String id() {
        return id;
    }

    /**
     * Resolves a relative path under the root without following links: every existing folder on
     * the way must be a real folder, and the file itself must not be a link.
     *
     * @param createFolders whether to create missing folders (remembered as ours)
     */
    private Path contained(String path, boolean createFolders) throws IOException {
        Path target = root.resolve(StoragePaths.requireValid(path));
        Path dir = root;
        if (createFolders) {
            Files.createDirectories(root);
        }
        for (Path name : root.relativize(target.getParent() == null ? root : target.getParent())) {
            if (name.toString().isEmpty()) {
                break;
            }
            dir = dir.resolve(name);
            if (Files.isSymbolicLink(dir)) {
                throw linkRefused(path, dir);
            }
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                if (!createFolders) {
                    return target;
                }
                try {
                    Files.createDirectory(dir);
                    createdDirs.add(dir);
                } catch (FileAlreadyExistsException e) {
                    // made by a concurrent writer in the meantime; checked below like any existing folder
                }
            }
            if (Files.isSymbolicLink(dir)) {
                throw linkRefused(path, dir);
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileSystemException(path, null, "\"" + root.relativize(dir) + "\" is not a folder");
            }
        }
        if (Files.isSymbolicLink(target)) {
            throw linkRefused(path, target);
        }
        return target;
    }

    private FileSystemException linkRefused(String path, Path link) {
        return new FileSystemException(path, null, "\"" + root.relativize(link).toString().replace(File.separatorChar, '/')
                + "\" is a symbolic link; a file: destination never follows links inside its root");
    }

    @Override
    public StagedOutput create(String path) throws IOException {
        // Another run's rollback may remove an empty folder between the calls: try again.
        for (int attempt = 1; ; attempt++) {
            Path target = contained(path, true);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(path, null, "a file already exists at this path");
            }
            Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp");
            try {
                // CREATE_NEW never opens an existing file or link
                FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
                liveTemps.add(temp);
                startHeartbeat();
                return new FileOutput(path, target, temp, channel);
            } catch (NoSuchFileException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ConfigurationException.requireNonNull(prefix, "prefix");
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : contained(prefix.substring(0, slash) + "/x", false).getParent();
        if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<String> paths = new ArrayList<>();
        // walk does not follow links; a link to a file is not a regular file here either
        try (Stream<Path> walk = Files.walk(start)) {
            walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !TEMP_NAME.matcher(p.getFileName().toString()).matches())
                    .map(p -> root.relativize(p).toString().replace(File.separatorChar, '/'))
                    .filter(p -> p.startsWith(prefix))
                    .forEach(paths::add);
        }
        paths.sort(null);
        return paths;
    }

    @Override
    public InputStream open(String path) throws IOException {
        Path file = contained(path, false);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(path);
        }
        return Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void delete(String path) throws IOException {
        Path file = contained(path, false);
        if (Files.deleteIfExists(file)) {
            removeEmptyParents(file.getParent());
        }
    }

    /** Removes the folders this destination created that are now empty, bottom up; never a folder that was there before. */
    private void removeEmptyParents(Path dir) {
        while (dir != null && dir.startsWith(root) && !dir.equals(root) && createdDirs.contains(dir)
                && !Files.isSymbolicLink(dir)) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                if (entries.iterator().hasNext()) {
                    return;
                }
            } catch (IOException e) {
                return;
            }
            try {
                Files.deleteIfExists(dir);
                createdDirs.remove(dir);
            } catch (IOException e) {
                return; // not empty any more (another writer), or not ours to remove
            }
            dir = dir.getParent();
        }
    }

    @Override
    public void check() {
        String probe = "datasetexport-check-" + UUID.randomUUID() + ".tmp";
        try {
            Files.createDirectories(root);
            try (StagedOutput out = create(probe)) {
                out.stream().write(1);
                out.commit();
            }
            if (!list(probe).contains(probe)) {
                throw new IOException("a committed probe file is not listed");
            }
            delete(probe);
        } catch (IOException | RuntimeException e) {
            throw new DestinationException(id, probe, DestinationException.Operation.CHECK, false,
                    "cannot write, list and delete under " + root + ": " + e, e);
        }
    }

    @Override
    public int cleanup(Duration olderThan) throws IOException {
        ConfigurationException.requireNonNull(olderThan, "olderThan");
        if (!Files.isDirectory(root)) {
            return 0;
        }
        // temp files of runs that died (their live marker lapsed) go whatever their age: nobody can complete them
        AbandonedRuns.Scan runs = AbandonedRuns.scan(this);
        Set<String> dead = runs.deadRuns();
        // the files of runs that died before publishing: their run folders may then be empty
        int abandoned = runs.remove(olderThan);
        FileTime limit = FileTime.from(Instant.now().minus(olderThan));
        // one walk finds both the stale temp files and the run folders that may end up empty
        List<Path> stale = new ArrayList<>();
        List<Path> runFolders = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> {
                String name = p.getFileName().toString();
                if (TEMP_NAME.matcher(name).matches() && !liveTemps.contains(p)
                        && (olderThan(p, limit) || dead.stream().anyMatch(name::contains))) {
                    stale.add(p); // an output open here is alive, however old its file
                } else if (RUN_FOLDER.matcher(name).matches() && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    runFolders.add(p);
                }
            });
        }
        int removed = 0;
        Set<Path> emptiedHere = new HashSet<>();
        for (Path p : stale) {
            if (Files.deleteIfExists(p)) {
                removed++;
                emptiedHere.add(p.getParent());
            }
        }
        removeEmptyRunFolders(runFolders, limit, emptiedHere);
        return removed + abandoned;
    }

    private static boolean olderThan(Path p, FileTime limit) {
        try {
            return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).compareTo(limit) < 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Removes {@code exportTime=…} folders that are empty and older than the limit, or that this
     * cleanup just emptied of a crashed run's temp files (removing them touched the folder), deepest
     * first; never another folder, never a link. A folder a live output writes into holds its temp
     * file, so it is never empty.
     */
    private void removeEmptyRunFolders(List<Path> runFolders, FileTime limit, Set<Path> emptiedHere) throws IOException {
        runFolders.sort((a, b) -> b.getNameCount() - a.getNameCount());
        for (Path folder : runFolders) {
            if (!emptiedHere.contains(folder) && !olderThan(folder, limit)) {
                continue;
            }
            try (Stream<Path> entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    continue;
                }
            }
            try {
                Files.delete(folder);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                // a new file arrived meanwhile, or another cleanup was faster: leave it
            }
        }
    }

    /** The name of a run's folder, {@code exportTime=yyyyMMddHHmm}. */
    private static final Pattern RUN_FOLDER = Pattern.compile("exportTime=\\d{12}");

    private void startHeartbeat() {
        synchronized (heartbeatLock) {
            if (heartbeat != null) {
                return;
            }
            heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "datasetexport-file-heartbeat-" + id);
                t.setDaemon(true);
                return t;
            });
            long period = HEARTBEAT.toMillis();
            heartbeat.scheduleAtFixedRate(this::touchLiveTemps, period, period, TimeUnit.MILLISECONDS);
        }
    }

    private void touchLiveTemps() {
        FileTime now = FileTime.from(Instant.now());
        for (Path temp : liveTemps) {
            try {
                Files.setLastModifiedTime(temp, now);
            } catch (IOException e) {
                liveTemps.remove(temp); // published or aborted meanwhile
            }
        }
    }

    /** No open output, no thread: a destination the app keeps for months holds none between runs. */
    private void stopHeartbeatIfIdle() {
        synchronized (heartbeatLock) {
            if (liveTemps.isEmpty() && heartbeat != null) {
                stop(heartbeat);
                heartbeat = null;
            }
        }
    }

    /** Stops the heartbeat thread of open outputs, if one was started. Idempotent. */
    @Override
    public void close() {
        synchronized (heartbeatLock) {
            if (heartbeat != null) {
                stop(heartbeat);
                heartbeat = null;
            }
        }
    }

    private static void stop(ScheduledExecutorService executor) {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS); // a touch in progress takes microseconds
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FileDestination[id=" + id + ", root=" + root + "]";
    }

    private final class FileOutput extends AbstractStagedOutput {
        private final Path target;
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream stream;

        FileOutput(String path, Path target, Path temp, FileChannel channel) {
            super(path);
            this.target = target;
            this.temp = temp;
            this.channel = channel;
            // The writer may close this stream; closing must not close the channel before fsync.
            this.stream = new BufferedOutputStream(new NonClosingChannelStream(channel), 64 * 1024);
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        protected void publish() throws IOException {
            liveTemps.remove(temp);
            stopHeartbeatIfIdle();
            stream.flush();
            channel.force(true);
            channel.close();
            boolean linked;
            try {
                Files.createLink(target, temp);
                linked = true;
            } catch (FileAlreadyExistsException e) {
                throw new FileAlreadyExistsException(path(), null, "a file already exists at this path");
            } catch (UnsupportedOperationException | FileSystemException e) {
                linked = false; // no hard links here (some mounted file systems)
            }
            if (linked) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the file is published; cleanup(olderThan) removes the leftover temp name
                }
            } else {
                Files.move(temp, target); // no REPLACE_EXISTING: fails if the target exists
            }
            Fsync.directory(target.getParent());
        }

        @Override
        protected void abort() {
            liveTemps.remove(temp);
            stopHeartbeatIfIdle();
            try {
                channel.close();
            } catch (IOException ignored) {
                // the temp file is deleted below either way
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // cleanup(olderThan) removes it later
            }
            removeEmptyParents(temp.getParent());
        }
    }


    /** Writes to the channel; close() only flushes, so commit() can still fsync. */
    private static final class NonClosingChannelStream extends OutputStream {
        private final OutputStream out;

        NonClosingChannelStream(FileChannel channel) {
            this.out = Channels.newOutputStream(channel);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {
        }
    }

    /** Builds a {@link FileDestination}. Not thread-safe. */
    public static final class Builder {
        private final Path root;
        private String id;

        private Builder(Path root) {
            this.root = root;
        }

        /**
         * @param id the destination id (letters, digits, {@code . _ = -}); default {@code file-<folder name>}
         * @return this builder
         */
        public Builder id(String id) {
            this.id = StoragePaths.requireValidSegment(id, "destination id");
            return this;
        }

        /** @return the destination */
        public FileDestination build() {
            return new FileDestination(this);
        }
    }
}
