package org.datasetexport.dest.sftp.internal;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A few SSH sessions, opened on demand and reused across files and runs; every file gets its own
 * SFTP channel on one of them (channels are cheap, sessions are not: a TCP connection plus key
 * exchange and authentication). A session that dropped is replaced. Thread-safe.
 */
public final class SessionPool implements AutoCloseable {
    private final Supplier<Session> factory;
    private final int connectTimeoutMillis;
    private final Session[] sessions;
    private final AtomicInteger next = new AtomicInteger();
    private final int attempts;
    private final long backoffMillis;

    /**
     * @param factory makes an unconnected, configured session
     * @param size sessions kept
     * @param connectTimeoutMillis connect timeout for sessions and channels
     * @param attempts connection attempts (authentication and host-key failures are not retried)
     * @param backoffMillis wait before the second attempt, doubled for each further one
     */
    public SessionPool(Supplier<Session> factory, int size, int connectTimeoutMillis, int attempts, long backoffMillis) {
        this.factory = factory;
        this.sessions = new Session[size];
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.attempts = attempts;
        this.backoffMillis = backoffMillis;
    }

    /**
     * @return a connected SFTP channel on a pooled session; disconnect it when done
     * @throws JSchException when connecting or authenticating fails
     */
    public ChannelSftp channel() throws JSchException {
        // JSch has no retry policy of its own: connecting (not transferring) is retried here, with backoff
        long wait = backoffMillis;
        for (int attempt = 1; ; attempt++) {
            int slot = Math.floorMod(next.getAndIncrement(), sessions.length);
            try {
                Session session = session(slot);
                ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
                channel.connect(connectTimeoutMillis);
                return channel;
            } catch (JSchException e) {
                if (attempt >= attempts || !transient_(e)) {
                    throw e;
                }
                // a session that dropped is replaced on the next attempt; a live one, shared by other
                // files' channels, is left alone
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                wait *= 2;
            }
        }
    }

    /** Authentication, host-key and key-format failures will fail again: only connection problems are retried. */
    private static boolean transient_(JSchException e) {
        String m = String.valueOf(e.getMessage());
        return !(m.startsWith("Auth") || m.contains("HostKey") || m.contains("privatekey"));
    }

    private Session session(int slot) throws JSchException {
        synchronized (sessions) {
            Session s = sessions[slot];
            if (s == null || !s.isConnected()) {
                s = factory.get();
                s.connect(connectTimeoutMillis);
                sessions[slot] = s;
            }
            return s;
        }
    }

    @Override
    public void close() {
        synchronized (sessions) {
            for (int i = 0; i < sessions.length; i++) {
                if (sessions[i] != null) {
                    sessions[i].disconnect();
                    sessions[i] = null;
                }
            }
        }
    }

    /** @return a JSch instance for the factory (one per pool keeps identities and known hosts apart) */
    public static JSch newJsch() {
        return new JSch();
    }
}
