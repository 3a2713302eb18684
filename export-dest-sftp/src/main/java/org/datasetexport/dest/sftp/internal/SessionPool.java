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

    /**
     * @param factory makes an unconnected, configured session
     * @param size sessions kept
     * @param connectTimeoutMillis connect timeout for sessions and channels
     */
    public SessionPool(Supplier<Session> factory, int size, int connectTimeoutMillis) {
        this.factory = factory;
        this.sessions = new Session[size];
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /**
     * @return a connected SFTP channel on a pooled session; disconnect it when done
     * @throws JSchException when connecting or authenticating fails
     */
    public ChannelSftp channel() throws JSchException {
        int slot = Math.floorMod(next.getAndIncrement(), sessions.length);
        Session session = session(slot);
        ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
        channel.connect(connectTimeoutMillis);
        return channel;
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
