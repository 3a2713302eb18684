package org.datasetexport;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.testing.MemoryDestination;

/**
 * {@code counting://name}: a destination that holds what a cloud client holds, a thread of its own
 * (named {@code counting-client-N}) until {@code close()}, and counts how many are open. Writes go
 * to a fresh {@link MemoryDestination}. For tests of who closes what the SDK built from a URI.
 */
public final class CountingDestinationProvider implements DestinationProvider {
    private static final AtomicInteger OPEN = new AtomicInteger();
    private static final AtomicInteger CREATED = new AtomicInteger();

    /** @return destinations created and not yet closed */
    public static int open() {
        return OPEN.get();
    }

    /** @return live threads of counting destinations */
    public static long clientThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("counting-client-")).count();
    }

    @Override
    public Set<String> schemes() {
        return Set.of("counting");
    }

    @Override
    public Destination create(URI uri, Map<String, String> options) {
        return new Counting(uri.getAuthority());
    }

    private static final class Counting extends ForwardingDestination {
        private final String name;
        private final CountDownLatch closed = new CountDownLatch(1);
        private final AtomicBoolean closing = new AtomicBoolean();
        private final Thread client;

        Counting(String name) {
            super(MemoryDestination.create());
            this.name = name;
            OPEN.incrementAndGet();
            client = new Thread(() -> {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "counting-client-" + CREATED.incrementAndGet());
            client.setDaemon(true);
            client.start();
        }

        @Override
        public String id() {
            return "counting-" + name;
        }

        @Override
        public void check() {
        }

        @Override
        public void close() {
            if (closing.compareAndSet(false, true)) {
                closed.countDown();
                try {
                    client.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                OPEN.decrementAndGet();
            }
        }
    }
}
