package org.datasetexport.dest.sftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on loopback that can go silent: after {@link #stall()} it keeps every connection
 * open and keeps reading, but forwards nothing in either direction — a network path that stops
 * delivering without a reset, the case a read timeout exists for. {@link #reset()} closes every
 * connection at once. For tests only.
 */
final class StallingTcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stalling-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean stalled;

    StallingTcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** From now on nothing is forwarded; connections stay open. */
    void stall() {
        stalled = true;
    }

    /** Closes every open connection (the peers see a reset or end of stream). */
    void reset() {
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                open.add(client);
                open.add(upstream);
                pool.execute(() -> pump(client, upstream));
                pool.execute(() -> pump(upstream, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!stalled) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side went away: the pump in the other direction ends with it
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        reset();
        pool.shutdownNow();
    }
}
