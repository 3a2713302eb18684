package org.datasetexport.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code exports} actuator endpoint as users reach it: exposed with the README's
 * {@code management.endpoints.web.exposure.include=exports}, on a real web server, over HTTP.
 * Start-up itself is the first assertion (it failed with "Failed to extract parameter names"
 * when the starter was compiled without {@code -parameters}).
 */
@SpringBootTest(classes = EndpointApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=endpoint-app")
class ExportsEndpointHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT;

    static {
        try {
            OUT = Files.createTempDirectory("endpoint-app-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void exportUri(DynamicPropertyRegistry registry) {
        registry.add("endpoint.export.uri", () -> OUT.toUri().toString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listReadAndActOnAFlow_overHttp() throws Exception {
        HttpResponse<String> list = get("/actuator/exports");
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).path("flows").has("events-hourly")).isTrue();

        HttpResponse<String> one = get("/actuator/exports/events-hourly");
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(JSON.readTree(one.body()).path("dataset").asText()).isEqualTo("events");

        assertThat(get("/actuator/exports/no-such-flow").statusCode()).isEqualTo(404);

        HttpResponse<String> paused = post("/actuator/exports/events-hourly", "{\"action\":\"pause\"}");
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(JSON.readTree(paused.body()).path("flow").path("status").asText()).isEqualTo("PAUSED");

        HttpResponse<String> ran = post("/actuator/exports/events-hourly", "{\"action\":\"run-now\"}");
        assertThat(ran.statusCode()).as(ran.body()).isEqualTo(200);
        JsonNode run = JSON.readTree(ran.body()).path("run");
        assertThat(run.path("status").asText()).as(ran.body()).isEqualTo("SUCCEEDED");
        assertThat(run.path("records").asLong()).isEqualTo(100);

        HttpResponse<String> bad = post("/actuator/exports/events-hourly", "{\"action\":\"explode\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
    }
}
