package org.datasetexport.dest.gcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;

/**
 * A strict fake of the GCS JSON API on the JDK's HttpServer, for the real client: objects get,
 * list, download, delete, multipart upload and the resumable protocol (chunks must continue exactly
 * where the last ended — a resent chunk may overlap what was persisted only with the same bytes —,
 * the total must match, the {@code ifGenerationMatch=0} precondition is enforced at start and at
 * finalization, status queries answer 308 with the persisted range, a finished session answers
 * with its object, and the session URI names the host the client asked, so a proxy stays in the
 * path). One bucket; {@link #denyAll} answers 403 to everything.
 */
final class FakeGcsServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    record StoredObject(byte[] data, long generation, Map<String, String> metadata) {
    }

    private record Session(String name, ByteArrayOutputStream data, boolean mustNotExist, Map<String, String> metadata) {
    }

    final String bucket;
    final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** Finished sessions: upload id to object name. */
    private final Map<String, String> completed = new ConcurrentHashMap<>();
    private final AtomicLong generations = new AtomicLong(1);
    private final HttpServer server;
    volatile boolean denyAll;
    /** When set, the next finished upload is stored with its first byte flipped (a corrupting store). */
    volatile boolean corruptNextUpload;

    FakeGcsServer(String bucket) throws IOException {
        this.bucket = bucket;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
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

    private static byte[] body(HttpExchange ex) throws IOException {
        InputStream in = ex.getRequestBody();
        if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new GZIPInputStream(in);
        }
        return in.readAllBytes();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            if (denyAll) {
                error(ex, 403, "Forbidden");
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            Map<String, String> q = query(ex);
            String objects = "/storage/v1/b/" + bucket + "/o";
            String upload = "/upload/storage/v1/b/" + bucket + "/o";
            String download = "/download/storage/v1/b/" + bucket + "/o/";
            if (!path.contains("/b/" + bucket + "/")) {
                error(ex, 404, "The specified bucket does not exist.");
            } else if (path.equals(objects) && method.equals("GET")) {
                list(ex, q.getOrDefault("prefix", ""));
            } else if (path.startsWith(objects + "/") && method.equals("GET") && "media".equals(q.get("alt"))
                    || path.startsWith(download) && method.equals("GET")) {
                String name = decode(path.substring(path.startsWith(download) ? download.length() : objects.length() + 1));
                StoredObject o = this.objects.get(name);
                if (o == null) {
                    error(ex, 404, "No such object");
                } else {
                    send(ex, 200, o.data(), "application/octet-stream");
                }
            } else if (path.startsWith(objects + "/") && method.equals("GET")) {
                String name = decode(path.substring(objects.length() + 1));
                StoredObject o = this.objects.get(name);
                if (o == null) {
                    error(ex, 404, "No such object: " + bucket + "/" + name);
                } else {
                    sendJson(ex, 200, resource(name, o));
                }
            } else if (path.startsWith(objects + "/") && method.equals("DELETE")) {
                String name = decode(path.substring(objects.length() + 1));
                if (this.objects.remove(name) == null) {
                    error(ex, 404, "No such object");
                } else {
                    ex.sendResponseHeaders(204, -1);
                }
            } else if (path.equals(upload) && method.equals("POST") && "resumable".equals(q.get("uploadType"))) {
                startResumable(ex, q);
            } else if (path.equals(upload) && method.equals("PUT") && q.containsKey("upload_id")) {
                chunk(ex, q.get("upload_id"));
            } else if (path.equals(upload) && method.equals("DELETE") && q.containsKey("upload_id")) {
                sessions.remove(q.get("upload_id"));
                ex.sendResponseHeaders(499, -1);
            } else if (path.equals(upload) && method.equals("POST") && "multipart".equals(q.get("uploadType"))) {
                multipart(ex, q);
            } else {
                error(ex, 400, "fake GCS does not support " + method + " " + path + "?" + ex.getRequestURI().getRawQuery());
            }
        } catch (RuntimeException e) {
            error(ex, 500, e.toString());
        } finally {
            ex.close();
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private void startResumable(HttpExchange ex, Map<String, String> q) throws IOException {
        JsonNode meta = JSON.readTree(body(ex));
        String name = q.containsKey("name") ? q.get("name") : meta.path("name").asText();
        boolean mustNotExist = "0".equals(q.get("ifGenerationMatch"));
        if (mustNotExist && objects.containsKey(name)) {
            error(ex, 412, "At least one of the pre-conditions you specified did not hold.");
            return;
        }
        Map<String, String> metadata = new TreeMap<>();
        meta.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
        String id = UUID.randomUUID().toString();
        sessions.put(id, new Session(name, new ByteArrayOutputStream(), mustNotExist, metadata));
        // the session URI names the host the client asked, as GCS does: through a proxy, it points back at the proxy
        String host = ex.getRequestHeaders().getFirst("Host");
        ex.getResponseHeaders().add("Location", (host != null ? "http://" + host : endpoint())
                + "/upload/storage/v1/b/" + bucket + "/o?uploadType=resumable&upload_id=" + id);
        send(ex, 200, new byte[0], "application/json");
    }

    private void chunk(HttpExchange ex, String id) throws IOException {
        byte[] data = body(ex);
        Session s = sessions.get(id);
        if (s == null) {
            String done = completed.get(id);
            if (done != null && objects.containsKey(done)) {
                // a finished session answers a status query or a repeated final chunk with its object
                sendJson(ex, 200, resource(done, objects.get(done)));
            } else {
                error(ex, 404, "No such upload session");
            }
            return;
        }
        String range = ex.getRequestHeaders().getFirst("Content-Range"); // bytes a-b/total|*  or bytes */total
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("bytes (\\*|(\\d+)-(\\d+))/(\\*|\\d+)").matcher(range == null ? "" : range);
        if (!m.matches()) {
            error(ex, 400, "bad Content-Range " + range);
            return;
        }
        long have = s.data().size();
        if (m.group(2) != null) {
            long first = Long.parseLong(m.group(2));
            long last = Long.parseLong(m.group(3));
            if (first > have || last - first + 1 != data.length || last + 1 < have) {
                error(ex, 400, "chunk " + range + " does not continue at " + have + " with " + data.length + " bytes");
                return;
            }
            int overlap = (int) (have - first);
            byte[] stored = s.data().toByteArray();
            for (int i = 0; i < overlap; i++) {
                if (stored[(int) first + i] != data[i]) {
                    error(ex, 400, "chunk " + range + " resends bytes that differ from the ones persisted");
                    return;
                }
            }
            // bytes the session already has (a chunk resent after a lost response) are ignored
            s.data().write(data, overlap, data.length - overlap);
        } else if (data.length != 0) {
            error(ex, 400, "a status or final request carries no bytes");
            return;
        }
        if (m.group(4).equals("*")) {
            if (s.data().size() > 0) {
                ex.getResponseHeaders().add("Range", "bytes=0-" + (s.data().size() - 1));
            }
            ex.sendResponseHeaders(308, -1);
            return;
        }
        long total = Long.parseLong(m.group(4));
        if (total != s.data().size()) {
            error(ex, 400, "total " + total + " but " + s.data().size() + " bytes were sent");
            return;
        }
        if (s.mustNotExist() && objects.containsKey(s.name())) {
            sessions.remove(id);
            error(ex, 412, "At least one of the pre-conditions you specified did not hold.");
            return;
        }
        byte[] stored = s.data().toByteArray();
        if (corruptNextUpload && stored.length > 0) {
            corruptNextUpload = false;
            stored[0] ^= 1;
        }
        StoredObject o = new StoredObject(stored, generations.getAndIncrement(), s.metadata());
        objects.put(s.name(), o);
        sessions.remove(id);
        completed.put(id, s.name());
        sendJson(ex, 200, resource(s.name(), o));
    }

    private void multipart(HttpExchange ex, Map<String, String> q) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String boundary = type.replaceAll(".*boundary=\"?([^\";]+)\"?.*", "$1");
        byte[] raw = body(ex);
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        String[] parts = text.split("--" + java.util.regex.Pattern.quote(boundary));
        String metaPart = parts[1].substring(parts[1].indexOf("\r\n\r\n") + 4).trim();
        String dataPart = parts[2].substring(parts[2].indexOf("\r\n\r\n") + 4);
        dataPart = dataPart.substring(0, dataPart.length() - 2); // trailing CRLF before the boundary
        JsonNode meta = JSON.readTree(metaPart);
        String name = q.containsKey("name") ? q.get("name") : meta.path("name").asText();
        if ("0".equals(q.get("ifGenerationMatch")) && objects.containsKey(name)) {
            error(ex, 412, "At least one of the pre-conditions you specified did not hold.");
            return;
        }
        StoredObject o = new StoredObject(dataPart.getBytes(StandardCharsets.ISO_8859_1), generations.getAndIncrement(), Map.of());
        objects.put(name, o);
        sendJson(ex, 200, resource(name, o));
    }

    private void list(HttpExchange ex, String prefix) throws IOException {
        ObjectNode result = JSON.createObjectNode();
        result.put("kind", "storage#objects");
        ArrayNode items = result.putArray("items");
        new TreeMap<>(objects).forEach((name, o) -> {
            if (name.startsWith(prefix)) {
                items.add(resource(name, o));
            }
        });
        sendJson(ex, 200, result);
    }

    private ObjectNode resource(String name, StoredObject o) {
        CRC32C crc = new CRC32C();
        crc.update(o.data());
        ObjectNode r = JSON.createObjectNode();
        r.put("kind", "storage#object");
        r.put("id", bucket + "/" + name + "/" + o.generation());
        r.put("name", name);
        r.put("bucket", bucket);
        r.put("generation", String.valueOf(o.generation()));
        r.put("metageneration", "1");
        r.put("size", String.valueOf(o.data().length));
        r.put("crc32c", Base64.getEncoder().encodeToString(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array()));
        r.put("timeCreated", "2026-11-28T00:00:00.000Z");
        r.put("updated", "2026-11-28T00:00:00.000Z");
        ObjectNode metadata = r.putObject("metadata");
        o.metadata().forEach(metadata::put);
        return r;
    }

    private static void sendJson(HttpExchange ex, int status, JsonNode node) throws IOException {
        send(ex, status, node.toString().getBytes(StandardCharsets.UTF_8), "application/json; charset=UTF-8");
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", status);
        err.put("message", message);
        sendJson(ex, status, root);
    }

    private static void send(HttpExchange ex, int status, byte[] body, String type) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }
}
