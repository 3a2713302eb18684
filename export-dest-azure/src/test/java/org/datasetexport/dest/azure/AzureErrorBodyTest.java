package org.datasetexport.dest.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.datasetexport.DestinationException;
import org.junit.jupiter.api.Test;

/**
 * Issue 32, item 8: what an endpoint answers is data, not message text. A server answering every
 * request with a hostile error (a code with markup and a line break, a body with text of its own) on
 * loopback: the destination's exception, and every cause it keeps, carry the status and a cleaned
 * code, never the body.
 */
class AzureErrorBodyTest {
    private static final String BODY_MARK = "BODY-BYTES-FROM-THE-SERVER-42";

    @Test
    void anErrorResponse_reachesNoMessage_withItsBody() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>Internal&lt;script&gt;Error</Code><Message>" + BODY_MARK
                    + "\nforged: log line</Message></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("x-ms-error-code", "Internal<script>Error");
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (AzureBlobDestination blob = AzureBlobDestination.builder()
                .endpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/" + AzuriteServer.ACCOUNT).container("hostile-server")
                .credentials(AzureCredentials.accountKey(AzuriteServer.ACCOUNT, AzuriteServer.KEY)).maxTries(1).build()) {
            assertThatThrownBy(() -> blob.list("")).isInstanceOfSatisfying(DestinationException.class, e -> {
                assertThat(e.getMessage()).contains("500").contains("Internal?script?Error");
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertThat(String.valueOf(t.getMessage())).doesNotContain(BODY_MARK).doesNotContain("<script>")
                            .doesNotContain("forged");
                }
            });
        } finally {
            server.stop(0);
        }
    }
}
