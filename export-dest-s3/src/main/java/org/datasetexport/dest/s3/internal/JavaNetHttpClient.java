package org.datasetexport.dest.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The AWS SDK's synchronous HTTP client interface on the JDK's {@link HttpClient}. Chosen because
 * it prints no header or body at any logger level: its request logs exist only when the JVM is
 * started with {@code -Djdk.httpclient.HttpClient.log=…} or {@code -Djdk.internal.httpclient.debug=true},
 * whereas Apache HttpClient prints every request header — the session token among them — on its
 * {@code org.apache.hc.client5.http.headers} and {@code .wire} loggers at DEBUG.
 *
 * <p>HTTP/1.1 only (what S3 speaks); proxies from the JVM's {@link ProxySelector} (the
 * {@code https.proxyHost} properties); no automatic redirects. The SDK's attempt and call
 * timeouts bound each request: they abort it and interrupt the waiting thread, which cancels the
 * exchange. The headers the JDK sets itself ({@code Host}, {@code Content-Length},
 * {@code Connection}, {@code Expect}, {@code Upgrade}) are left to it; the Host it sends is the
 * one the signer signed (host, and the port when not the scheme's default).
 */
public final class JavaNetHttpClient implements SdkHttpClient {
    private static final Set<String> SET_BY_THE_JDK = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final ExecutorService executor;
    private final HttpClient client;

    /**
     * @param connectTimeout how long to wait for a connection
     * @param threadName the name prefix of its daemon threads
     */
    public JavaNetHttpClient(Duration connectTimeout, String threadName) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName + "-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(ProxySelector.getDefault() != null ? ProxySelector.getDefault() : HttpClient.Builder.NO_PROXY)
                .executor(executor)
                .build();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        SdkHttpRequest sdk = request.httpRequest();
        long length = sdk.firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(-1L);
        ContentStreamProvider content = request.contentStreamProvider().orElse(null);
        HttpRequest.BodyPublisher body;
        if (content == null || length == 0) {
            body = HttpRequest.BodyPublishers.noBody();
        } else {
            HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(content::newStream);
            body = length > 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(sdk.getUri()).method(sdk.method().name(), body);
        sdk.forEachHeader((name, values) -> {
            if (!SET_BY_THE_JDK.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return new Exchange(b.build());
    }

    @Override
    public String clientName() {
        return "JavaNet";
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private final class Exchange implements ExecutableHttpRequest {
        private final HttpRequest request;
        private volatile CompletableFuture<HttpResponse<InputStream>> future;
        private volatile InputStream body;
        private volatile boolean aborted;

        Exchange(HttpRequest request) {
            this.request = request;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            if (aborted) {
                throw new IOException("request aborted");
            }
            CompletableFuture<HttpResponse<InputStream>> f = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
            future = f;
            if (aborted) {
                f.cancel(true);
            }
            HttpResponse<InputStream> response;
            try {
                response = f.get();
            } catch (InterruptedException e) {
                f.cancel(true);
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted waiting for the response");
            } catch (CancellationException e) {
                throw new IOException("request aborted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                throw new IOException(cause.getMessage(), cause);
            }
            body = response.body();
            if (aborted) {
                body.close();
            }
            SdkHttpResponse.Builder r = SdkHttpResponse.builder().statusCode(response.statusCode());
            response.headers().map().forEach((name, values) -> {
                if (!name.startsWith(":")) {
                    r.putHeader(name, values);
                }
            });
            return HttpExecuteResponse.builder().response(r.build())
                    .responseBody(AbortableInputStream.create(response.body(), this::abort)).build();
        }

        @Override
        public void abort() {
            aborted = true;
            CompletableFuture<HttpResponse<InputStream>> f = future;
            if (f != null) {
                f.cancel(true);
            }
            InputStream in = body;
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // aborting: nothing more to release
                }
            }
        }
    }
}
