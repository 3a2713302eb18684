package org.datasetexport.dest.gcs;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A strict stand-in for Cloud Storage's XML API as an HMAC-key client uses it, written from
 * Google's XML API reference (PUT Object, POST Object for initiating and completing multipart
 * uploads, PUT Object part, GET/HEAD/DELETE Object, GET Bucket list with {@code list-type=2},
 * GET Bucket {@code ?uploads}, DELETE with {@code uploadId}) and AWS's Signature Version 4
 * specification. It refuses what GCS refuses and AWS's SDK sends by default since 2.30:
 * {@code x-amz-checksum-*}, {@code x-amz-sdk-checksum-algorithm} and {@code x-amz-trailer}
 * headers and {@code aws-chunked} bodies ({@code Content-Encoding: aws-chunked} or a
 * {@code STREAMING-…} payload hash). Every request must carry a valid SigV4 signature made with
 * the HMAC secret; a signed payload hash and a {@code Content-MD5} are checked against the body.
 * Like GCS it honours {@code x-goog-if-generation-match} on PUT Object and ignores
 * {@code If-None-Match} there (a PUT replaces an existing object), keeps user metadata given as
 * {@code x-goog-meta-*} and answers it the same way, and answers 404 to deleting a missing object.
 * Path-style addressing, one bucket.
 */
final class GcsXmlApiServer implements AutoCloseable {
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})");

    record StoredObject(byte[] data, Map<String, String> metadata, String storageClass, String kmsKeyName, String etag) {
    }

    record Upload(String key, Map<String, String> metadata, String storageClass, String kmsKeyName, Instant initiated,
                  Map<Integer, byte[]> parts) {
    }

    final String bucket;
    final String accessKeyId;
    final String secret;
    final Map<String, StoredObject> objects = new ConcurrentHashMap<>();
    final Map<String, Upload> uploads = new ConcurrentHashMap<>();
    /** Why each refused request was refused ("PUT /b/k: x-amz-checksum-crc32c is not accepted"). */
    final List<String> refusals = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    GcsXmlApiServer(String bucket, String accessKeyId, String secret) throws IOException {
        this.bucket = bucket;
        this.accessKeyId = accessKeyId;
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String method = ex.getRequestMethod();
            String rawPath = ex.getRequestURI().getRawPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            String refusal = refusal(ex, body);
            if (refusal != null) {
                refusals.add(method + " " + rawPath + ": " + refusal);
                int status = refusal.startsWith("403 ") ? 403 : 400;
                String code = refusal.substring(4, refusal.indexOf(':'));
                error(ex, status, code, refusal.substring(refusal.indexOf(':') + 2), !"HEAD".equals(method));
                return;
            }
            String path = URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8);
            String[] parts = path.substring(1).split("/", 2);
            if (!parts[0].equals(bucket)) {
                error(ex, 404, "NoSuchBucket", "The specified bucket does not exist.", !"HEAD".equals(method));
                return;
            }
            String key = parts.length > 1 ? parts[1] : "";
            if (key.isEmpty()) {
                if ("GET".equals(method) && query.containsKey("uploads")) {
                    listUploads(ex, query);
                } else if ("GET".equals(method) && "2".equals(query.get("list-type"))) {
                    list(ex, query);
                } else {
                    error(ex, 400, "InvalidArgument", "unsupported bucket request", true);
                }
                return;
            }
            switch (method) {
                case "PUT" -> {
                    if (query.containsKey("uploadId")) {
                        putPart(ex, key, query, body);
                    } else {
                        putObject(ex, key, body);
                    }
                }
                case "POST" -> {
                    if (query.containsKey("uploads")) {
                        initiate(ex, key);
                    } else if (query.containsKey("uploadId")) {
                        complete(ex, key, query.get("uploadId"), new String(body, StandardCharsets.UTF_8));
                    } else {
                        error(ex, 400, "InvalidArgument", "unsupported POST", true);
                    }
                }
                case "GET", "HEAD" -> get(ex, key, "GET".equals(method));
                case "DELETE" -> {
                    if (query.containsKey("uploadId")) {
                        boolean known = uploads.remove(query.get("uploadId")) != null;
                        if (known) {
                            ex.sendResponseHeaders(204, -1);
                        } else {
                            error(ex, 404, "NoSuchUpload", "The requested upload was not found.", true);
                        }
                    } else if (objects.remove(key) != null) {
                        ex.sendResponseHeaders(204, -1);
                    } else {
                        error(ex, 404, "NoSuchKey", "The specified key does not exist.", true);
                    }
                }
                default -> error(ex, 405, "MethodNotAllowed", method, true);
            }
        }
    }

    /** @return null when the request is acceptable, else "status Code: message" */
    private String refusal(HttpExchange ex, byte[] body) {
        Headers h = ex.getRequestHeaders();
        for (String name : h.keySet()) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.startsWith("x-amz-checksum-") || n.equals("x-amz-sdk-checksum-algorithm") || n.equals("x-amz-trailer")) {
                return "400 InvalidArgument: header " + n + " is not accepted by the XML API";
            }
        }
        String encoding = h.getFirst("Content-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked")) {
            return "400 InvalidArgument: Content-Encoding aws-chunked is not accepted";
        }
        String payloadHash = h.getFirst("x-amz-content-sha256");
        if (payloadHash == null) {
            return "400 InvalidArgument: x-amz-content-sha256 is missing";
        }
        if (payloadHash.startsWith("STREAMING-")) {
            return "400 InvalidArgument: streaming (aws-chunked) payloads are not accepted";
        }
        if (!payloadHash.equals("UNSIGNED-PAYLOAD") && !payloadHash.equals(hex(sha256(body)))) {
            return "400 XAmzContentSHA256Mismatch: the payload hash does not match the body";
        }
        String md5 = h.getFirst("Content-MD5");
        if (md5 != null && !md5.equals(Base64.getEncoder().encodeToString(digest("MD5", body)))) {
            return "400 BadDigest: the Content-MD5 does not match the body";
        }
        String authorization = h.getFirst("Authorization");
        Matcher m = authorization == null ? null : AUTH.matcher(authorization);
        if (m == null || !m.matches()) {
            return "403 AccessDenied: no AWS4-HMAC-SHA256 Authorization header";
        }
        if (!m.group(1).equals(accessKeyId)) {
            return "403 InvalidAccessKeyId: the access key id is unknown";
        }
        String amzDate = h.getFirst("x-amz-date");
        if (amzDate == null || !amzDate.startsWith(m.group(2))) {
            return "403 AccessDenied: x-amz-date is missing or outside the credential scope's date";
        }
        List<String> signed = List.of(m.group(5).split(";"));
        if (!signed.contains("host") || !signed.contains("x-amz-content-sha256") || !signed.contains("x-amz-date")) {
            return "403 AccessDenied: host, x-amz-content-sha256 and x-amz-date must be signed";
        }
        StringBuilder canonical = new StringBuilder();
        canonical.append(ex.getRequestMethod()).append('\n');
        canonical.append(ex.getRequestURI().getRawPath()).append('\n');
        canonical.append(canonicalQuery(ex.getRequestURI().getRawQuery())).append('\n');
        for (String name : signed) {
            List<String> values = h.get(name);
            if (values == null) {
                return "403 AccessDenied: signed header " + name + " is missing";
            }
            canonical.append(name).append(':')
                    .append(values.stream().map(v -> v.trim().replaceAll(" +", " ")).collect(Collectors.joining(","))).append('\n');
        }
        canonical.append('\n').append(String.join(";", signed)).append('\n').append(payloadHash);
        String scope = m.group(2) + "/" + m.group(3) + "/" + m.group(4) + "/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), m.group(2));
        k = hmac(k, m.group(3));
        k = hmac(k, m.group(4));
        k = hmac(k, "aws4_request");
        if (!MessageDigest.isEqual(hex(hmac(k, toSign)).getBytes(StandardCharsets.US_ASCII), m.group(6).getBytes(StandardCharsets.US_ASCII))) {
            return "403 SignatureDoesNotMatch: the request signature does not match the HMAC secret";
        }
        return null;
    }

    private void putObject(HttpExchange ex, String key, byte[] body) throws IOException {
        String precondition = ex.getRequestHeaders().getFirst("x-goog-if-generation-match");
        synchronized (objects) {
            if ("0".equals(precondition) && objects.containsKey(key)) {
                error(ex, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold.", true);
                return;
            }
            StoredObject o = new StoredObject(body, metadata(ex.getRequestHeaders()), ex.getRequestHeaders().getFirst("x-goog-storage-class"),
                    ex.getRequestHeaders().getFirst("x-goog-encryption-kms-key-name"), hex(digest("MD5", body)));
            objects.put(key, o);
            ex.getResponseHeaders().add("ETag", "\"" + o.etag() + "\"");
        }
        ex.sendResponseHeaders(200, -1);
    }

    private void initiate(HttpExchange ex, String key) throws IOException {
        String id = UUID.randomUUID().toString().replace("-", "");
        uploads.put(id, new Upload(key, metadata(ex.getRequestHeaders()), ex.getRequestHeaders().getFirst("x-goog-storage-class"),
                ex.getRequestHeaders().getFirst("x-goog-encryption-kms-key-name"), Instant.now(), new ConcurrentHashMap<>()));
        xml(ex, 200, "<InitiateMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>" + bucket
                + "</Bucket><Key>" + escape(key) + "</Key><UploadId>" + id + "</UploadId></InitiateMultipartUploadResult>");
    }

    private void putPart(HttpExchange ex, String key, Map<String, String> query, byte[] body) throws IOException {
        Upload u = uploads.get(query.get("uploadId"));
        if (u == null || !u.key().equals(key)) {
            error(ex, 404, "NoSuchUpload", "The requested upload was not found.", true);
            return;
        }
        int number = Integer.parseInt(query.get("partNumber"));
        u.parts().put(number, body);
        ex.getResponseHeaders().add("ETag", "\"" + hex(digest("MD5", body)) + "\"");
        ex.sendResponseHeaders(200, -1);
    }

    private void complete(HttpExchange ex, String key, String uploadId, String xml) throws IOException {
        Upload u = uploads.get(uploadId);
        if (u == null || !u.key().equals(key)) {
            error(ex, 404, "NoSuchUpload", "The requested upload was not found.", true);
            return;
        }
        Matcher part = Pattern.compile("<Part>(.*?)</Part>", Pattern.DOTALL).matcher(xml.replace("&quot;", "\""));
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int previous = 0;
        int count = 0;
        while (part.find()) {
            Matcher n = Pattern.compile("<PartNumber>(\\d+)</PartNumber>").matcher(part.group(1));
            Matcher e = Pattern.compile("<ETag>\"?([0-9a-f]+)\"?</ETag>").matcher(part.group(1));
            int number = n.find() ? Integer.parseInt(n.group(1)) : -1;
            byte[] bytes = u.parts().get(number);
            if (number <= previous || bytes == null || !e.find() || !hex(digest("MD5", bytes)).equals(e.group(1))) {
                error(ex, 400, "InvalidPart", "part " + number + " is unknown, out of order or has another ETag", true);
                return;
            }
            previous = number;
            count++;
            data.writeBytes(bytes);
        }
        if (count == 0) {
            error(ex, 400, "MalformedXML", "no parts", true);
            return;
        }
        uploads.remove(uploadId);
        byte[] all = data.toByteArray();
        objects.put(key, new StoredObject(all, u.metadata(), u.storageClass(), u.kmsKeyName(), hex(digest("MD5", all)) + "-" + count));
        xml(ex, 200, "<CompleteMultipartUploadResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Location>" + endpoint() + "/"
                + bucket + "/" + escape(key) + "</Location><Bucket>" + bucket + "</Bucket><Key>" + escape(key) + "</Key><ETag>\""
                + hex(digest("MD5", all)) + "-" + count + "\"</ETag></CompleteMultipartUploadResult>");
    }

    private void get(HttpExchange ex, String key, boolean withBody) throws IOException {
        StoredObject o = objects.get(key);
        if (o == null) {
            error(ex, 404, "NoSuchKey", "The specified key does not exist.", withBody);
            return;
        }
        Headers out = ex.getResponseHeaders();
        out.add("ETag", "\"" + o.etag() + "\"");
        out.add("Content-Type", "application/octet-stream");
        out.add("Last-Modified", "Tue, 01 Dec 2026 00:00:00 GMT");
        o.metadata().forEach((k, v) -> out.add("x-goog-meta-" + k, v));
        out.add("x-goog-stored-content-length", Integer.toString(o.data().length));
        if (withBody) {
            ex.sendResponseHeaders(200, o.data().length == 0 ? -1 : o.data().length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(o.data());
            }
        } else {
            out.add("Content-Length", Integer.toString(o.data().length));
            ex.sendResponseHeaders(200, -1);
        }
    }

    private void list(HttpExchange ex, Map<String, String> query) throws IOException {
        String prefix = query.getOrDefault("prefix", "");
        String after = query.getOrDefault("continuation-token", query.getOrDefault("start-after", ""));
        int max = Integer.parseInt(query.getOrDefault("max-keys", "1000"));
        boolean urlEncoded = "url".equals(query.get("encoding-type"));
        List<String> keys = new TreeMap<>(objects).keySet().stream().filter(k -> k.startsWith(prefix) && k.compareTo(after) > 0).toList();
        boolean truncated = keys.size() > max;
        List<String> page = truncated ? keys.subList(0, max) : keys;
        StringBuilder sb = new StringBuilder("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Name>" + bucket + "</Name><Prefix>"
                + escape(encode(prefix, urlEncoded)) + "</Prefix><KeyCount>" + page.size() + "</KeyCount><MaxKeys>" + max + "</MaxKeys>"
                + (urlEncoded ? "<EncodingType>url</EncodingType>" : "") + "<IsTruncated>" + truncated + "</IsTruncated>");
        if (truncated) {
            sb.append("<NextContinuationToken>").append(escape(page.get(page.size() - 1))).append("</NextContinuationToken>");
        }
        for (String k : page) {
            StoredObject o = objects.get(k);
            sb.append("<Contents><Key>").append(escape(encode(k, urlEncoded))).append("</Key><LastModified>2026-12-01T00:00:00.000Z</LastModified><ETag>\"")
                    .append(o == null ? "" : o.etag()).append("\"</ETag><Size>").append(o == null ? 0 : o.data().length)
                    .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }
        xml(ex, 200, sb.append("</ListBucketResult>").toString());
    }

    private void listUploads(HttpExchange ex, Map<String, String> query) throws IOException {
        String prefix = query.getOrDefault("prefix", "");
        StringBuilder sb = new StringBuilder("<ListMultipartUploadsResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Bucket>" + bucket
                + "</Bucket><IsTruncated>false</IsTruncated>");
        uploads.forEach((id, u) -> {
            if (u.key().startsWith(prefix)) {
                sb.append("<Upload><Key>").append(escape(u.key())).append("</Key><UploadId>").append(id).append("</UploadId><Initiated>")
                        .append(u.initiated()).append("</Initiated><StorageClass>STANDARD</StorageClass></Upload>");
            }
        });
        xml(ex, 200, sb.append("</ListMultipartUploadsResult>").toString());
    }

    private static Map<String, String> metadata(Headers h) {
        Map<String, String> m = new LinkedHashMap<>();
        h.forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.startsWith("x-goog-meta-")) {
                m.put(n.substring("x-goog-meta-".length()), values.get(0));
            }
        });
        return m;
    }

    private static void error(HttpExchange ex, int status, String code, String message, boolean withBody) throws IOException {
        if (!withBody) {
            ex.sendResponseHeaders(status, -1);
            return;
        }
        xml(ex, status, "<?xml version='1.0' encoding='UTF-8'?><Error><Code>" + code + "</Code><Message>" + escape(message) + "</Message></Error>");
    }

    private static void xml(HttpExchange ex, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/xml; charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                q.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return q;
    }

    /** SigV4: names and values URI-encoded (RFC 3986 unreserved kept), sorted by name then value. */
    private static String canonicalQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : raw.split("&")) {
            String[] kv = pair.split("=", 2);
            pairs.add(new String[] {
                uriEncode(URLDecoder.decode(kv[0].replace("+", "%2B"), StandardCharsets.UTF_8)),
                uriEncode(kv.length > 1 ? URLDecoder.decode(kv[1].replace("+", "%2B"), StandardCharsets.UTF_8) : "")});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        return pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
    }

    private static String uriEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    private static String encode(String s, boolean url) {
        return url ? uriEncode(s).replace("%2F", "/") : s;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static byte[] sha256(byte[] data) {
        return digest("SHA-256", data);
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
