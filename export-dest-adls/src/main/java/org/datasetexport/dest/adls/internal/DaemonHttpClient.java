package org.datasetexport.dest.adls.internal;

import com.azure.core.http.HttpClient;
import com.azure.core.http.okhttp.OkHttpAsyncHttpClientBuilder;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;

/**
 * The HTTP client of one destination: OkHttp (see the module README for why not reactor-netty)
 * with a dispatcher of daemon threads, released by {@link #close()}. The client azure-core builds
 * by default runs its calls on OkHttp's own non-daemon dispatcher threads, which keep a user's JVM
 * alive for a minute after the last export; this one never does.
 */
public final class DaemonHttpClient implements AutoCloseable {
    private final OkHttpClient okHttp;
    private final HttpClient azure;

    /**
     * @param name names the threads ({@code datasetexport-<name>-http-N})
     */
    public DaemonHttpClient(String name) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "datasetexport-" + name + "-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.okHttp = new OkHttpClient.Builder().dispatcher(new Dispatcher(executor)).build();
        this.azure = new OkHttpAsyncHttpClientBuilder(okHttp).build();
    }

    /** @return the client to hand to azure-core builders */
    public HttpClient azure() {
        return azure;
    }

    /** Stops the dispatcher's threads and closes pooled connections. */
    @Override
    public void close() {
        okHttp.dispatcher().executorService().shutdown();
        okHttp.connectionPool().evictAll();
    }
}
