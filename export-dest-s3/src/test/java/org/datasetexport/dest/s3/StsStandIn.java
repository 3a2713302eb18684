package org.datasetexport.dest.s3;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An STS AssumeRole endpoint on loopback for the assumed-role tests: answers every call with the
 * temporary credentials it was given and records the form parameters and the headers of the last call.
 */
final class StsStandIn implements AutoCloseable {
    final Map<String, String> parameters = new ConcurrentHashMap<>();
    final Map<String, String> headers = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();
    private final HttpServer server;

    StsStandIn(String accessKeyId, String secretAccessKey, String sessionToken) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                parameters.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", values)));
            calls.incrementAndGet();
            String expiry = Instant.now().plus(Duration.ofHours(1)).toString();
            byte[] xml = ("<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                    + "<Credentials><AccessKeyId>" + xml(accessKeyId) + "</AccessKeyId><SecretAccessKey>" + xml(secretAccessKey)
                    + "</SecretAccessKey><SessionToken>" + xml(sessionToken) + "</SessionToken><Expiration>" + expiry + "</Expiration></Credentials>"
                    + "<AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/exports/s</Arn>"
                    + "</AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata>"
                    + "</AssumeRoleResponse>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, xml.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(xml);
            }
        });
        server.start();
    }

    /** @return the endpoint to pass as {@code stsEndpoint} */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
