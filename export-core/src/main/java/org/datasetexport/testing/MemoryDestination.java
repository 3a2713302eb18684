package org.datasetexport.testing;

import org.datasetexport.engine.AbandonedRuns;
import org.datasetexport.engine.AbandonedRuns;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.AbstractStagedOutput;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.spi.StoragePaths;

/**
 * An in-memory destination for tests of export code, URI {@code memory://name}. Thread-safe,
 * strict and able to fail on demand, so abort and cleanup paths are testable without a network
 * or mocks.
 *
 * <ul>
 *   <li><b>Per instance.</b> {@link #create()} makes an unregistered one (pass it with
 *       {@code .to(destination)}); {@link #named(String)} also registers it so
 *       {@code .to("memory://name")} finds it, until {@link #close()}.</li>
 *   <li><b>Strict.</b> Creating over a committed or open path fails, reading an uncommitted path
 *       fails, and committing after an abort fails.</li>
 *   <li><b>Failure injection.</b> {@link #failNext}, {@link #failNth} and {@link #failWhen} make
 *       chosen operations throw the exception you give.</li>
 *   <li><b>Assertions.</b> {@link #committedPaths()}, {@link #openOutputs()}, {@link #aborted()},
 *       {@link #assertNoOpenOutputs()}.</li>
 * </ul>
 *
 * <pre>{@code
 * MemoryDestination dest = MemoryDestination.create();
 * dest.failNth(MemoryDestination.Operation.COMMIT, 3, new IOException("disk full"));
 * assertThrows(DestinationException.class, () -> DatasetExport.from(ds).to(dest).maxRecordsPerFile(10).run());
 * assertTrue(dest.committedPaths().isEmpty());
 * dest.assertNoOpenOutputs();
 * }</pre>
 *
 * <p>Committed files are held in memory: meant for test-sized data.
 *
 * <p>A run's live marker ({@link AbandonedRuns#MARKERS}{@code …}, written while the run runs and
 * removed when it ends) is bookkeeping, not output: failure rules never fire on it, and
 * {@link #committedPaths()} and {@link #commitLog()} leave it out, so "fail the third commit" still
 * means the third file of the export. {@link #list} shows it, as every destination does.
 */
public final class MemoryDestination implements Destination {
    private static final Map<String, MemoryDestination> REGISTERED = new ConcurrentHashMap<>();

    /** Operations that failure rules can target. */
    public enum Operation {
        /** {@link Destination#create}. */
        CREATE,
        /** The first write to an output's stream (counted per output, not per write call). */
        WRITE,
        /** {@link StagedOutput#commit()}. */
        COMMIT,
        /** {@link Destination#open}. */
        OPEN,
        /** {@link Destination#list}. */
        LIST,
        /** {@link Destination#delete}. */
        DELETE
    }

    private final String id;
    private final String registeredName;
    private final Map<String, byte[]> committed = new ConcurrentHashMap<>();
    private final Map<String, Throwable> open = new ConcurrentHashMap<>();
    private final List<String> aborted = new CopyOnWriteArrayList<>();
    private final List<String> commitLog = new CopyOnWriteArrayList<>();
    private final List<FailureRule> rules = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private MemoryDestination(String id, String registeredName) {
        this.id = id;
        this.registeredName = registeredName;
    }

    /** @return a new, empty, unregistered destination with id {@code memory} */
    public static MemoryDestination create() {
        return new MemoryDestination("memory", null);
    }

    /**
     * Creates a destination and registers it under {@code name} so {@code memory://name} resolves
     * to it; {@link #close()} unregisters it.
     *
     * @param name letters, digits, {@code . _ = -}
     * @return the new destination, with id {@code memory-<name>}
     * @throws ConfigurationException when the name is invalid or already registered
     */
    public static MemoryDestination named(String name) {
        StoragePaths.requireValidSegment(name, "memory destination name");
        MemoryDestination dest = new MemoryDestination("memory-" + name, name);
        ConfigurationException.check(REGISTERED.putIfAbsent(name, dest) == null,
                "a MemoryDestination named \"%s\" is already registered; close it first", name);
        return dest;
    }

    /**
     * @param name a registered name
     * @return the destination registered under it
     * @throws ConfigurationException when none is
     */
    static MemoryDestination lookup(String name) {
        MemoryDestination dest = REGISTERED.get(name);
        ConfigurationException.check(dest != null,
                "no MemoryDestination named \"%s\" is registered; create it with MemoryDestination.named(\"%s\")",
                name, name);
        return dest;
    }

    @Override
    public String id() {
        return id;
    }

    // ---- failure injection ----

    /**
     * The next call of {@code operation} throws {@code failure}.
     *
     * @param operation which operation
     * @param failure an {@link IOException} or unchecked exception to throw
     * @return this destination
     */
    public MemoryDestination failNext(Operation operation, Exception failure) {
        return failNth(operation, 1, failure);
    }

    /**
     * The {@code n}-th call of {@code operation} from now on throws {@code failure}, once.
     *
     * @param operation which operation
     * @param n 1 for the next call
     * @param failure an {@link IOException} or unchecked exception to throw
     * @return this destination
     */
    public MemoryDestination failNth(Operation operation, int n, Exception failure) {
        ConfigurationException.check(n >= 1, "n must be at least 1, got %d", n);
        rules.add(new FailureRule(operation, p -> true, n, checkedFailure(failure)));
        return this;
    }

    /**
     * Every call of {@code operation} on a path matching {@code path} throws {@code failure}, until
     * {@link #clearFailures()}.
     *
     * @param operation which operation
     * @param path which paths (for LIST, the prefix)
     * @param failure an {@link IOException} or unchecked exception to throw
     * @return this destination
     */
    public MemoryDestination failWhen(Operation operation, Predicate<String> path, Exception failure) {
        rules.add(new FailureRule(operation, ConfigurationException.requireNonNull(path, "path"), 0, checkedFailure(failure)));
        return this;
    }

    /** Removes every failure rule. */
    public void clearFailures() {
        rules.clear();
    }

    private static Exception checkedFailure(Exception failure) {
        ConfigurationException.requireNonNull(failure, "failure");
        ConfigurationException.check(failure instanceof IOException || failure instanceof RuntimeException,
                "failure must be an IOException or an unchecked exception, got %s", failure.getClass().getName());
        return failure;
    }

    private void maybeFail(Operation operation, String path) throws IOException {
        for (FailureRule rule : rules) {
            if (rule.fires(operation, path)) {
                if (rule.failure instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) rule.failure;
            }
        }
    }

    private static final class FailureRule {
        final Operation operation;
        final Predicate<String> path;
        final int nth;
        final Exception failure;
        final AtomicInteger seen = new AtomicInteger();

        FailureRule(Operation operation, Predicate<String> path, int nth, Exception failure) {
            this.operation = ConfigurationException.requireNonNull(operation, "operation");
            this.path = path;
            this.nth = nth;
            this.failure = failure;
        }

        boolean fires(Operation op, String p) {
            if (op != operation || isMarker(p) || !path.test(p)) {
                return false;
            }
            return nth == 0 || seen.incrementAndGet() == nth;
        }
    }

    // ---- assertions ----

    /** @return committed paths, sorted; without live markers of runs */
    public Set<String> committedPaths() {
        TreeSet<String> paths = new TreeSet<>(committed.keySet());
        paths.removeIf(MemoryDestination::isMarker);
        return Collections.unmodifiableSet(paths);
    }

    /** A run's live marker (see the class comment): not output. */
    private static boolean isMarker(String path) {
        return path != null && path.startsWith(AbandonedRuns.MARKERS);
    }

    /** @return paths of outputs created and neither committed nor closed, sorted */
    public Set<String> openOutputs() {
        return Collections.unmodifiableSet(new TreeSet<>(open.keySet()));
    }

    /** @return every path ever committed, in commit order (deleted ones included; live markers of runs left out) */
    public List<String> commitLog() {
        return List.copyOf(commitLog);
    }

    /** @return paths of outputs closed without commit, in order */
    public List<String> aborted() {
        return List.copyOf(aborted);
    }

    /**
     * For {@code @AfterEach}: fails when an output is still open, naming each and where it was created.
     *
     * @throws AssertionError listing the leaked outputs, with their creation stack traces as suppressed
     */
    public void assertNoOpenOutputs() {
        Map<String, Throwable> leaks = new TreeMap<>(open);
        if (!leaks.isEmpty()) {
            AssertionError error = new AssertionError(leaks.size() + " output(s) neither committed nor closed: " + leaks.keySet());
            leaks.values().forEach(error::addSuppressed);
            throw error;
        }
    }

    // ---- Destination ----

    @Override
    public StagedOutput create(String path) throws IOException {
        StoragePaths.requireValid(path);
        maybeFail(Operation.CREATE, path);
        if (committed.containsKey(path)) {
            throw new FileAlreadyExistsException(path, null, "a file already exists at this path");
        }
        if (open.putIfAbsent(path, new Throwable("output " + path + " created here")) != null) {
            throw new FileAlreadyExistsException(path, null, "an output for this path is already open");
        }
        return new MemoryOutput(path);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ConfigurationException.requireNonNull(prefix, "prefix");
        maybeFail(Operation.LIST, prefix);
        return committed.keySet().stream().filter(p -> p.startsWith(prefix)).sorted().toList();
    }

    @Override
    public InputStream open(String path) throws IOException {
        StoragePaths.requireValid(path);
        maybeFail(Operation.OPEN, path);
        byte[] bytes = committed.get(path);
        if (bytes == null) {
            throw new NoSuchFileException(path, null, open.containsKey(path) ? "not committed yet" : "no such file");
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public void delete(String path) throws IOException {
        StoragePaths.requireValid(path);
        maybeFail(Operation.DELETE, path);
        committed.remove(path);
    }

    @Override
    public void check() {
        // nothing to check: memory is always writable
    }

    @Override
    public int cleanup(Duration olderThan) {
        // an aborted output leaves nothing behind here; a run that died before publishing leaves its files
        try {
            return AbandonedRuns.remove(this, olderThan);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Unregisters a {@link #named} destination; the files stay readable. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && registeredName != null) {
            REGISTERED.remove(registeredName, this);
        }
    }

    @Override
    public String toString() {
        return "MemoryDestination[id=" + id + ", files=" + committed.size() + ", open=" + open.size() + "]";
    }

    private final class MemoryOutput extends AbstractStagedOutput {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final OutputStream stream;
        private boolean written;

        MemoryOutput(String path) {
            super(path);
            this.stream = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    beforeWrite();
                    buffer.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    beforeWrite();
                    buffer.write(b, off, len);
                }
            };
        }

        private void beforeWrite() throws IOException {
            ensureOpen();
            if (!written) {
                written = true;
                maybeFail(Operation.WRITE, path());
            }
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        protected void publish() throws IOException {
            maybeFail(Operation.COMMIT, path());
            if (committed.putIfAbsent(path(), buffer.toByteArray()) != null) {
                throw new FileAlreadyExistsException(path(), null, "a file already exists at this path");
            }
            if (!isMarker(path())) {
                commitLog.add(path());
            }
        }

        @Override
        protected void abort() {
            aborted.add(path());
        }

        @Override
        protected void release() {
            open.remove(path());
        }
    }
}
