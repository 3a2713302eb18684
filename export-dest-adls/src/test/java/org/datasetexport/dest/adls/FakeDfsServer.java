package org.datasetexport.dest.adls;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * A strict fake of the ADLS Gen2 DFS REST API (plus the blob reads and HEADs the client sends to the
 * same account) on the JDK's HttpServer, for the real azure-storage-file-datalake client. One
 * account and file system, paths in memory. Strict: an append must start where the appended data
 * ends, a flush must name exactly the appended length, a rename of a missing source is 404 and a
 * rename onto an existing path with {@code If-None-Match: *} is 409. {@link #denyAll} answers 403.
 * Signatures are not verified.
 */
final class FakeDfsServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RFC1123 = DateTimeFormatter.RFC_1123_DATE_TIME;

    static final class Node {
        final boolean directory;
        byte[] data = new byte[0];
        final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        String etag;
        ZonedDateTime modified = ZonedDateTime.now(ZoneOffset.UTC);

        Node(boolean directory) {
            this.directory = directory;
        }
    }

    final String account;
    final String fileSystem;
    final Map<String, Node> paths = new TreeMap<>();
    /** Daemon threads, so that a test counting the threads an export leaves sees only the SDK's. */
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "fake-dfs");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong etags = new AtomicLong(1);
    private final HttpServer server;
    volatile boolean denyAll;
    /** The Authorization header of the last request (to see which credential the client used). */
    volatile String lastAuthorization;

    FakeDfsServer(String account, String fileSystem, SSLContext tls) throws IOException {
        this.account = account;
        this.fileSystem = fileSystem;
        if (tls == null) {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String endpoint() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort() + "/" + account;
    }

    void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    synchronized Map<String, byte[]> files() {
        Map<String, byte[]> files = new TreeMap<>();
        paths.forEach((p, n) -> {
            if (!n.directory) {
                files.put(p, n.data);
            }
        });
        return files;
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> q = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return q;
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            synchronized (this) {
                route(ex);
            }
        } catch (RuntimeException e) {
            error(ex, 500, "InternalError", e.toString());
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex) throws IOException {
        lastAuthorization = ex.getRequestHeaders().getFirst("Authorization");
        if (denyAll) {
            error(ex, 403, "AuthorizationFailure", "This request is not authorized to perform this operation.");
            return;
        }
        String raw = ex.getRequestURI().getRawPath();
        String prefix = "/" + account + "/" + fileSystem;
        if (!(raw.equals(prefix) || raw.startsWith(prefix + "/"))) {
            error(ex, 404, "FilesystemNotFound", "The specified filesystem does not exist.");
            return;
        }
        String path = URLDecoder.decode(raw.substring(prefix.length()).replaceFirst("^/", "").replace("+", "%2B"), StandardCharsets.UTF_8);
        Map<String, String> q = query(ex);
        String method = ex.getRequestMethod();
        byte[] body = ex.getRequestBody().readAllBytes();
        if (path.isEmpty() && method.equals("GET")) {
            list(ex, q);
        } else if (method.equals("PUT") && ex.getRequestHeaders().getFirst("x-ms-rename-source") != null) {
            rename(ex, path);
        } else if (method.equals("PUT") && q.containsKey("resource")) {
            create(ex, path, "directory".equals(q.get("resource")));
        } else if (method.equals("PATCH") && "append".equals(q.get("action"))) {
            Node n = paths.get(path);
            long position = Long.parseLong(q.get("position"));
            if (n == null || n.directory) {
                error(ex, 404, "PathNotFound", "The specified path does not exist.");
            } else if (position != n.pending.size()) {
                error(ex, 400, "InvalidAppendPosition", "append at " + position + " but " + n.pending.size() + " bytes are appended");
            } else {
                n.pending.write(body);
                ex.sendResponseHeaders(202, -1);
            }
        } else if (method.equals("PATCH") && "flush".equals(q.get("action"))) {
            Node n = paths.get(path);
            long position = Long.parseLong(q.get("position"));
            if (n == null || n.directory) {
                error(ex, 404, "PathNotFound", "The specified path does not exist.");
            } else if (position != n.pending.size()) {
                error(ex, 400, "InvalidFlushPosition", "flush at " + position + " but " + n.pending.size() + " bytes are appended");
            } else {
                n.data = n.pending.toByteArray();
                touch(n);
                headers(ex, n);
                ex.sendResponseHeaders(200, -1);
            }
        } else if (method.equals("HEAD")) {
            Node n = paths.get(path);
            if (n == null) {
                ex.getResponseHeaders().add("x-ms-error-code", "PathNotFound");
                ex.sendResponseHeaders(404, -1);
            } else {
                headers(ex, n);
                ex.getResponseHeaders().add("Content-Length", String.valueOf(n.data.length));
                ex.sendResponseHeaders(200, -1);
            }
        } else if (method.equals("GET")) {
            read(ex, path);
        } else if (method.equals("DELETE")) {
            if (paths.remove(path) == null) {
                error(ex, 404, "PathNotFound", "The specified path does not exist.");
            } else {
                paths.keySet().removeIf(p -> p.startsWith(path + "/"));
                ex.sendResponseHeaders(200, -1);
            }
        } else {
            error(ex, 400, "UnsupportedOperation", "fake DFS does not support " + method + " " + raw + "?" + ex.getRequestURI().getRawQuery());
        }
    }

    private void touch(Node n) {
        n.etag = "\"0x8D" + Long.toHexString(etags.getAndIncrement()).toUpperCase() + "\"";
        n.modified = ZonedDateTime.now(ZoneOffset.UTC);
    }

    private static void headers(HttpExchange ex, Node n) {
        ex.getResponseHeaders().add("ETag", n.etag);
        ex.getResponseHeaders().add("Last-Modified", RFC1123.format(n.modified));
        ex.getResponseHeaders().add("x-ms-resource-type", n.directory ? "directory" : "file");
        ex.getResponseHeaders().add("x-ms-blob-type", "BlockBlob");
        ex.getResponseHeaders().add("x-ms-server-encrypted", "true");
        ex.getResponseHeaders().add("Content-Type", "application/octet-stream");
    }

    private void createParents(String path) {
        int slash = path.lastIndexOf('/');
        while (slash > 0) {
            String dir = path.substring(0, slash);
            paths.computeIfAbsent(dir, d -> {
                Node n = new Node(true);
                touch(n);
                return n;
            });
            slash = dir.lastIndexOf('/');
        }
    }

    private void create(HttpExchange ex, String path, boolean directory) throws IOException {
        String ifNoneMatch = ex.getRequestHeaders().getFirst("If-None-Match");
        if ("*".equals(ifNoneMatch) && paths.containsKey(path)) {
            error(ex, 409, "PathAlreadyExists", "The specified path already exists.");
            return;
        }
        createParents(path);
        Node n = new Node(directory);
        touch(n);
        paths.put(path, n);
        headers(ex, n);
        ex.sendResponseHeaders(201, -1);
    }

    private void rename(HttpExchange ex, String target) throws IOException {
        String source = ex.getRequestHeaders().getFirst("x-ms-rename-source");
        source = URLDecoder.decode(source.replaceFirst("\\?.*$", "").replaceFirst("^/" + fileSystem + "/", "").replace("+", "%2B"),
                StandardCharsets.UTF_8);
        Node n = paths.get(source);
        if (n == null) {
            error(ex, 404, "SourcePathNotFound", "The source path for a rename operation does not exist.");
            return;
        }
        if ("*".equals(ex.getRequestHeaders().getFirst("If-None-Match")) && paths.containsKey(target)) {
            error(ex, 409, "PathAlreadyExists", "The specified path already exists.");
            return;
        }
        paths.remove(source);
        createParents(target);
        paths.put(target, n);
        touch(n);
        headers(ex, n);
        ex.sendResponseHeaders(201, -1);
    }

    private void read(HttpExchange ex, String path) throws IOException {
        Node n = paths.get(path);
        if (n == null || n.directory) {
            error(ex, 404, "BlobNotFound", "The specified blob does not exist.");
            return;
        }
        String range = ex.getRequestHeaders().getFirst("x-ms-range");
        if (range == null) {
            range = ex.getRequestHeaders().getFirst("Range");
        }
        headers(ex, n);
        if (range != null && range.startsWith("bytes=")) {
            String[] r = range.substring(6).split("-");
            int start = Integer.parseInt(r[0]);
            int end = r.length > 1 && !r[1].isEmpty() ? Math.min(Integer.parseInt(r[1]), n.data.length - 1) : n.data.length - 1;
            if (start >= n.data.length && n.data.length > 0) {
                error(ex, 416, "InvalidRange", "The range specified is invalid for the current size of the resource.");
                return;
            }
            int length = Math.max(0, end - start + 1);
            ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + end + "/" + n.data.length);
            ex.sendResponseHeaders(206, length == 0 ? -1 : length);
            if (length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(n.data, start, length);
                }
            }
        } else {
            ex.sendResponseHeaders(200, n.data.length == 0 ? -1 : n.data.length);
            if (n.data.length > 0) {
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(n.data);
                }
            }
        }
    }

    private void list(HttpExchange ex, Map<String, String> q) throws IOException {
        String directory = q.getOrDefault("directory", "");
        if (!directory.isEmpty() && !paths.containsKey(directory)) {
            error(ex, 404, "PathNotFound", "The specified path does not exist.");
            return;
        }
        boolean recursive = "true".equals(q.get("recursive"));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode items = root.putArray("paths");
        paths.forEach((p, n) -> {
            String rel = directory.isEmpty() ? p : p.startsWith(directory + "/") ? p.substring(directory.length() + 1) : null;
            if (rel == null || (!recursive && rel.contains("/"))) {
                return;
            }
            ObjectNode item = items.addObject();
            item.put("name", p);
            if (n.directory) {
                item.put("isDirectory", "true");
            }
            item.put("contentLength", String.valueOf(n.data.length));
            item.put("etag", n.etag);
            item.put("lastModified", RFC1123.format(n.modified));
        });
        byte[] bytes = root.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        byte[] bytes = ("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("x-ms-error-code", code);
        ex.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }
}
