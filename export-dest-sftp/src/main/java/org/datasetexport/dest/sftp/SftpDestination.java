package org.datasetexport.dest.sftp;

import org.datasetexport.engine.AbandonedRuns;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicBoolean;
import org.datasetexport.ConfigurationException;
import org.datasetexport.DestinationException;
import org.datasetexport.DestinationException.Operation;
import org.datasetexport.dest.sftp.internal.PinnedHostKeyRepository;
import org.datasetexport.dest.sftp.internal.SessionPool;
import org.datasetexport.dest.sftp.internal.SftpErrors;
import org.datasetexport.dest.sftp.internal.SftpOutput;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StagedOutput;
import org.datasetexport.spi.StoragePaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SFTP server folder, with JSch ({@code com.github.mwiede:jsch}). Host keys are verified by
 * default (known_hosts or a pinned SHA-256 fingerprint). Each file is written to
 * {@code .<name>.part} beside its target and published without overwriting; remote folders are
 * created as needed; SSH sessions are pooled and reused across files and runs, each file on its
 * own channel. Thread-safe; close it to disconnect.
 *
 * <pre>{@code
 * SftpDestination sftp = SftpDestination.builder()
 *         .host("sftp.example.com").port(22).username("exports").remotePath("/upload")
 *         .credentials(SftpCredentials.privateKeyFile(Path.of("/etc/exports/id_ed25519"), null))
 *         .hostKeys(HostKeyPolicy.fingerprint("SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8"))
 *         .build();
 * }</pre>
 *
 * <p>Defaults: port 22, remote path {@code .} (the login folder), connect timeout 15 s, read
 * timeout 60 s, 2 pooled sessions, 3 connection attempts with 500 ms backoff (doubling). There is
 * no default host-key policy: one must be chosen.
 */
public final class SftpDestination implements Destination {
    private static final Logger LOG = LoggerFactory.getLogger(SftpDestination.class);

    private final String host;
    private final int port;
    private final String username;
    private final String root;
    private final SftpCredentials credentials;
    private final HostKeyPolicy hostKeys;
    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;
    private final String id;
    private final String server;
    private final SessionPool pool;
    private final AtomicBoolean closed = new AtomicBoolean();

    private SftpDestination(Builder b) {
        ConfigurationException.check(b.host != null && !b.host.isBlank(), "an SFTP destination needs a host");
        ConfigurationException.check(b.username != null && !b.username.isBlank(), "an SFTP destination needs a username");
        ConfigurationException.check(b.credentials != null, "an SFTP destination needs credentials (password or private key)");
        ConfigurationException.check(b.hostKeys != null, "an SFTP destination needs a host-key policy: knownHosts, "
                + "knownHostsFile, hostKeyFingerprint, or (for throwaway test servers only) insecureAcceptAnyHostKey");
        this.host = b.host;
        this.port = b.port;
        this.username = b.username;
        this.root = b.remotePath;
        this.credentials = b.credentials;
        this.hostKeys = b.hostKeys;
        this.connectTimeoutMillis = (int) b.connectTimeout.toMillis();
        this.readTimeoutMillis = (int) b.readTimeout.toMillis();
        this.server = username + "@" + host + ":" + port;
        this.id = b.id != null ? b.id : StoragePaths.sanitizeSegment("sftp-" + host + "-" + port + "-" + root);
        JSch jsch = configureJsch();
        this.pool = new SessionPool(() -> newSession(jsch), b.sessions, connectTimeoutMillis, b.connectAttempts,
                b.retryBackoff.toMillis());
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    private JSch configureJsch() {
        JSch jsch = SessionPool.newJsch();
        try {
            if (credentials.privateKeyBytes() != null) {
                jsch.addIdentity("datasetexport", credentials.privateKeyBytes(), null, credentials.passphraseBytes());
            }
            switch (hostKeys.kind()) {
                case KNOWN_HOSTS -> jsch.setKnownHosts(new ByteArrayInputStream(hostKeys.value().getBytes(StandardCharsets.UTF_8)));
                case FINGERPRINT -> jsch.setHostKeyRepository(new PinnedHostKeyRepository(hostKeys.value()));
                default -> {
                }
            }
        } catch (JSchException e) {
            throw new ConfigurationException("SFTP " + server + ": " + (String.valueOf(e.getMessage()).contains("privatekey")
                    ? "the private key could not be read (format or passphrase)" : "invalid settings: " + e.getMessage()), e);
        }
        return jsch;
    }

    private Session newSession(JSch jsch) {
        try {
            Session s = jsch.getSession(username, host, port);
            if (credentials.password() != null) {
                s.setPassword(credentials.password());
                s.setConfig("PreferredAuthentications", "password,keyboard-interactive");
            } else {
                s.setConfig("PreferredAuthentications", "publickey");
            }
            if (hostKeys.kind() == HostKeyPolicy.Kind.INSECURE_ACCEPT_ANY) {
                LOG.warn("SFTP {}: host key verification is OFF (insecureAcceptAnyHostKey); anyone on the network "
                        + "path can impersonate this server", server);
                s.setConfig("StrictHostKeyChecking", "no");
            } else {
                s.setConfig("StrictHostKeyChecking", "yes");
            }
            s.setTimeout(readTimeoutMillis);
            return s;
        } catch (JSchException e) {
            throw SftpErrors.translate(e, id, server, "", Operation.CHECK);
        }
    }

    @Override
    public String id() {
        return id;
    }

    private String remote(String path) {
        StoragePaths.requireValid(path);
        return root.endsWith("/") ? root + path : root + "/" + path;
    }

    private interface ChannelWork<T> {
        T run(ChannelSftp channel) throws Exception;
    }

    private <T> T withChannel(String path, Operation operation, ChannelWork<T> work) throws IOException {
        ChannelSftp channel;
        try {
            channel = pool.channel();
        } catch (JSchException e) {
            throw SftpErrors.translate(e, id, server, path, operation);
        }
        try {
            return work.run(channel);
        } catch (IOException | DestinationException e) {
            throw e;
        } catch (Exception e) {
            throw SftpErrors.translate(e, id, server, path, operation);
        } finally {
            channel.disconnect();
        }
    }

    @Override
    public StagedOutput create(String path) throws IOException {
        String target = remote(path);
        ChannelSftp channel;
        try {
            channel = pool.channel();
        } catch (JSchException e) {
            throw SftpErrors.translate(e, id, server, path, Operation.CREATE);
        }
        try {
            mkdirs(channel, target.substring(0, target.lastIndexOf('/')));
            if (exists(channel, target)) {
                throw new FileAlreadyExistsException(path, null, "a file already exists on " + server);
            }
            return new SftpOutput(channel, path, target, id, server);
        } catch (IOException e) {
            channel.disconnect();
            throw e;
        } catch (SftpException | RuntimeException e) {
            channel.disconnect();
            throw e instanceof DestinationException d ? d : SftpErrors.translate((Exception) e, id, server, path, Operation.CREATE);
        }
    }

    private static boolean exists(ChannelSftp channel, String remotePath) throws SftpException {
        try {
            channel.lstat(remotePath);
            return true;
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    private static void mkdirs(ChannelSftp channel, String dir) throws SftpException {
        if (dir.isEmpty() || exists(channel, dir)) {
            return;
        }
        int slash = dir.lastIndexOf('/');
        if (slash > 0) {
            mkdirs(channel, dir.substring(0, slash));
        }
        try {
            channel.mkdir(dir);
        } catch (SftpException e) {
            if (!exists(channel, dir)) { // another writer may have created it meanwhile
                throw e;
            }
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        ConfigurationException.requireNonNull(prefix, "prefix");
        return withChannel(prefix, Operation.LIST, channel -> {
            List<String> paths = new ArrayList<>();
            int slash = prefix.lastIndexOf('/');
            String startRelative = slash < 0 ? "" : prefix.substring(0, slash);
            String start = startRelative.isEmpty() ? root : remote(startRelative);
            walk(channel, start, startRelative, paths, false);
            paths.removeIf(p -> !p.startsWith(prefix));
            paths.sort(null);
            return paths;
        });
    }

    /** Collects regular files under {@code dir}; with {@code temps}, only this destination's temp files. */
    private static void walk(ChannelSftp channel, String dir, String relative, List<String> out, boolean temps) throws SftpException {
        Vector<ChannelSftp.LsEntry> entries;
        try {
            entries = channel.ls(dir);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return;
            }
            throw e;
        }
        for (ChannelSftp.LsEntry entry : entries) {
            String name = entry.getFilename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            String rel = relative.isEmpty() ? name : relative + "/" + name;
            SftpATTRS attrs = entry.getAttrs();
            if (attrs.isDir()) {
                walk(channel, dir + "/" + name, rel, out, temps);
            } else if (isTemp(name) == temps) {
                out.add(temps ? rel + "\t" + attrs.getMTime() : rel);
            }
        }
    }

    private static boolean isTemp(String name) {
        return name.startsWith(".") && name.endsWith(SftpOutput.tempSuffix());
    }

    @Override
    public InputStream open(String path) throws IOException {
        String target = remote(path);
        ChannelSftp channel;
        try {
            channel = pool.channel();
        } catch (JSchException e) {
            throw SftpErrors.translate(e, id, server, path, Operation.OPEN);
        }
        try {
            InputStream in = channel.get(target);
            return new FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        channel.disconnect();
                    }
                }
            };
        } catch (SftpException e) {
            channel.disconnect();
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw new NoSuchFileException(path);
            }
            throw SftpErrors.translate(e, id, server, path, Operation.OPEN);
        }
    }

    @Override
    public void delete(String path) throws IOException {
        String target = remote(path);
        withChannel(path, Operation.DELETE, channel -> {
            try {
                channel.rm(target);
            } catch (SftpException e) {
                if (e.id != ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    throw e;
                }
            }
            return null;
        });
    }

    /** Connects, authenticates, writes a probe under the remote path, publishes it with a rename, lists and deletes it. */
    @Override
    public void check() {
        String probe = "datasetexport-check-" + UUID.randomUUID() + ".tmp";
        try {
            try (StagedOutput out = create(probe)) {
                out.stream().write("datasetexport check".getBytes(StandardCharsets.UTF_8));
                out.commit();
            }
            if (!list(probe).contains(probe)) {
                throw new DestinationException(id, probe, Operation.CHECK, false, "a probe file was written but not listed", null);
            }
            delete(probe);
        } catch (DestinationException e) {
            throw new DestinationException(id, probe, Operation.CHECK, e.isRetryable(), e.getMessage(), e);
        } catch (IOException e) {
            throw new DestinationException(id, probe, Operation.CHECK, true, "probe failed on " + server + ": " + e.getMessage(), e);
        }
    }

    /** Deletes {@code .<name>.part} files under the remote path last modified before {@code now - olderThan}. */
    @Override
    public int cleanup(Duration olderThan) throws IOException {
        ConfigurationException.requireNonNull(olderThan, "olderThan");
        long limit = Instant.now().minus(olderThan).getEpochSecond();
        int abandoned = AbandonedRuns.remove(this, olderThan);
        return abandoned + withChannel("", Operation.CLEANUP, channel -> {
            List<String> temps = new ArrayList<>();
            walk(channel, root, "", temps, true);
            int removed = 0;
            for (String entry : temps) {
                String[] parts = entry.split("\t");
                if (Long.parseLong(parts[1]) <= limit) {
                    channel.rm(remote(parts[0]));
                    removed++;
                }
            }
            return removed;
        });
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.close();
        }
    }

    @Override
    public String toString() {
        return "SftpDestination[id=" + id + ", server=" + server + ", path=" + root + ", credentials=" + credentials
                + ", hostKeys=" + hostKeys + "]";
    }

    /** Builds an {@link SftpDestination}. Not thread-safe. */
    public static final class Builder {
        private String host;
        private int port = 22;
        private String username;
        private String remotePath = ".";
        private SftpCredentials credentials;
        private HostKeyPolicy hostKeys;
        private Duration connectTimeout = Duration.ofSeconds(15);
        private Duration readTimeout = Duration.ofSeconds(60);
        private int sessions = 2;
        private int connectAttempts = 3;
        private Duration retryBackoff = Duration.ofMillis(500);
        private String id;

        private Builder() {
        }

        /**
         * @param host the server ("domain")
         * @return this builder
         */
        public Builder host(String host) {
            this.host = ConfigurationException.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param port 1 to 65535; default 22
         * @return this builder
         */
        public Builder port(int port) {
            ConfigurationException.check(port >= 1 && port <= 65535, "port must be 1 to 65535, got %d", port);
            this.port = port;
            return this;
        }

        /**
         * @param username the login
         * @return this builder
         */
        public Builder username(String username) {
            this.username = ConfigurationException.requireNonNull(username, "username");
            return this;
        }

        /**
         * @param remotePath the folder exports go to: absolute, or relative to the login folder; default {@code .}
         * @return this builder
         */
        public Builder remotePath(String remotePath) {
            ConfigurationException.requireNonNull(remotePath, "remotePath");
            ConfigurationException.check(!remotePath.isEmpty() && remotePath.chars().noneMatch(Character::isISOControl)
                    && !List.of(remotePath.split("/")).contains(".."), "remotePath \"%s\" is not a valid folder (no .., no control characters)",
                    remotePath.replaceAll("\\p{Cntrl}", "?"));
            this.remotePath = remotePath.length() > 1 && remotePath.endsWith("/") ? remotePath.substring(0, remotePath.length() - 1) : remotePath;
            return this;
        }

        /**
         * @param credentials password or private key
         * @return this builder
         */
        public Builder credentials(SftpCredentials credentials) {
            this.credentials = ConfigurationException.requireNonNull(credentials, "credentials");
            return this;
        }

        /**
         * @param policy how the host key is verified (required)
         * @return this builder
         */
        public Builder hostKeys(HostKeyPolicy policy) {
            this.hostKeys = ConfigurationException.requireNonNull(policy, "hostKeys");
            return this;
        }

        /**
         * @param timeout connect timeout for sessions and channels, 1 ms to 24 days; default 15 s
         * @return this builder
         * @throws ConfigurationException when null, zero, negative or longer (JSch counts in int milliseconds)
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requireTimeout(timeout, "connectTimeout");
            return this;
        }

        /**
         * @param timeout socket read timeout, 1 ms to 24 days; default 60 s
         * @return this builder
         * @throws ConfigurationException when null, zero, negative or longer
         */
        public Builder readTimeout(Duration timeout) {
            this.readTimeout = requireTimeout(timeout, "readTimeout");
            return this;
        }

        /** JSch takes int milliseconds, and 0 means "wait forever": neither a negative nor a zero timeout is one. */
        private static Duration requireTimeout(Duration timeout, String name) {
            ConfigurationException.requireNonNull(timeout, name);
            ConfigurationException.check(!timeout.isNegative() && !timeout.isZero() && timeout.toMillis() >= 1
                    && timeout.toMillis() <= Integer.MAX_VALUE, "%s must be 1 ms to 24 days, got %s", name, timeout);
            return timeout;
        }

        /**
         * @param sessions SSH sessions kept open and shared by parallel files, 1 to 16; default 2
         * @return this builder
         */
        public Builder sessions(int sessions) {
            ConfigurationException.check(sessions >= 1 && sessions <= 16, "sessions must be 1 to 16, got %d", sessions);
            this.sessions = sessions;
            return this;
        }

        /**
         * Retry settings for connecting (JSch has no retry policy of its own). Connection problems
         * are retried with exponential backoff; authentication and host-key failures never are; a
         * transfer that fails mid-file is not retried (the run fails and rolls back, and a flow's
         * next run exports that window again).
         *
         * @param attempts connection attempts, 1 to 10; default 3
         * @param backoff wait before the second attempt, doubled for each further one; default 500 ms
         * @return this builder
         */
        public Builder connectRetries(int attempts, Duration backoff) {
            ConfigurationException.check(attempts >= 1 && attempts <= 10, "connect attempts must be 1 to 10, got %d", attempts);
            this.connectAttempts = attempts;
            this.retryBackoff = ConfigurationException.requireNonNull(backoff, "backoff");
            return this;
        }

        /**
         * @param id the destination id; default {@code sftp-<host>-<port>-<path>}
         * @return this builder
         */
        public Builder id(String id) {
            this.id = StoragePaths.requireValidSegment(id, "destination id");
            return this;
        }

        /** @return the destination (connects lazily, on first use) */
        public SftpDestination build() {
            return new SftpDestination(this);
        }
    }
}
