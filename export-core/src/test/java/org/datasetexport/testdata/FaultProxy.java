package org.datasetexport.testdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An HTTP/1.1 proxy on loopback between a client and a test server that injects faults into chosen
 * requests: the server's response is dropped after the server has processed the request (the
 * client sees a reset connection: "lost response"), the request is never answered until the
 * client gives up ("stall"), or the connection is reset before the server sees the request ("reset"). Every request gets a connection of its own ({@code Connection: close}
 * is forced on the request and on the response), so a response ends where the server closes. For tests only; bounded by the test.
 */
public final class FaultProxy implements AutoCloseable {
    /** What to do with a matching request. */
    public enum Fault {
        /** The server processes the request; the client's connection is reset before any response byte. */
        DROP_RESPONSE,
        /** The request body is read and discarded; nothing is answered until the client gives up. */
        STALL,
        /** The connection is reset before the server sees the request. */
        RESET,
        /** A slow link: the request body reaches the server at {@value #TRICKLE_BYTES_PER_SECOND} bytes/s. */
        TRICKLE
    }

    /** The rate of {@link Fault#TRICKLE}. */
    public static final int TRICKLE_BYTES_PER_SECOND = 32 * 1024;

    private record Rule(Predicate<String> matches, Fault fault, AtomicInteger remaining) {
    }

    private final ServerSocket server;
    private final int targetPort;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> faulted = new CopyOnWriteArrayList<>();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /**
     * @param targetPort the loopback port of the real server
     * @throws IOException when no port is free
     */
    public FaultProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.execute(this::accept);
    }

    /** @return the proxy's port on 127.0.0.1 */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * @param head matches the request line and headers ({@code "PUT /bucket/key HTTP/1.1\r\n…"})
     * @param fault what to do
     * @param times how many matching requests get it
     * @return this proxy
     */
    public FaultProxy inject(Predicate<String> head, Fault fault, int times) {
        rules.add(new Rule(head, fault, new AtomicInteger(times)));
        return this;
    }

    /** @return the request heads (request line and headers) that passed, in order */
    public List<String> seen() {
        return List.copyOf(seen);
    }

    /** @return the request lines that got a fault, in order */
    public List<String> faulted() {
        return List.copyOf(faulted);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                pool.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
            open.add(upstream);
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            seen.add(head);
            Fault fault = null;
            for (Rule r : rules) {
                if (r.matches().test(head) && r.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    fault = r.fault();
                    faulted.add(head.substring(0, head.indexOf('\r')));
                    break;
                }
            }
            if (fault == Fault.RESET) {
                // the connection breaks before the server sees the request
                client.setSoLinger(true, 0);
                return;
            }
            if (fault == Fault.STALL) {
                // hold the connection open, answer nothing; the client's timeout must notice
                in.transferTo(OutputStream.nullOutputStream());
                return;
            }
            OutputStream up = upstream.getOutputStream();
            up.write(withConnectionClose(head).getBytes(StandardCharsets.ISO_8859_1));
            long length = contentLength(head);
            if (length > 0 && fault == Fault.TRICKLE) {
                trickle(in, up, length);
            } else if (length > 0) {
                copy(in, up, length);
            }
            up.flush();
            InputStream response = upstream.getInputStream();
            if (fault == Fault.DROP_RESPONSE) {
                // let the server finish the request, then reset the client's connection without a byte
                response.transferTo(OutputStream.nullOutputStream());
                client.setSoLinger(true, 0);
                return;
            }
            // the client must not keep this connection for another request: the proxy closes it after
            // this exchange, and a client that reuses a closed connection fails a streamed body
            // ("Error writing request body") instead of seeing the fault under test
            OutputStream out = client.getOutputStream();
            String responseHead;
            while ((responseHead = readHead(response)) != null) {
                boolean interim = responseHead.startsWith("HTTP/1.1 1");
                out.write((interim ? responseHead : withConnectionClose(responseHead)).getBytes(StandardCharsets.ISO_8859_1));
                if (!interim) {
                    break;
                }
            }
            response.transferTo(out);
        } catch (IOException e) {
            // a client or server that went away ends this exchange
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            b.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static String withConnectionClose(String head) {
        StringBuilder b = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                b.append(line).append("\r\n");
            }
        }
        return b.append("Connection: close\r\n\r\n").toString();
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    private static void copy(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("the client sent less than its Content-Length");
            }
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static void trickle(InputStream in, OutputStream out, long length) throws IOException {
        byte[] buf = new byte[TRICKLE_BYTES_PER_SECOND / 10];
        long left = length;
        while (left > 0) {
            int n = in.readNBytes(buf, 0, (int) Math.min(buf.length, left));
            if (n <= 0) {
                throw new IOException("the client sent less than its Content-Length");
            }
            out.write(buf, 0, n);
            out.flush();
            left -= n;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing what is left
            }
        }
        pool.shutdownNow();
    }
}
