package org.datasetexport.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lifecycle every destination's staged output inherits: publish once, abort unless published, release once. */
class AbstractStagedOutputTest {

    /** Records the calls; publishing fails while {@code failPublish} is set. */
    private static final class Recording extends AbstractStagedOutput {
        final List<String> calls = new ArrayList<>();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean failPublish;

        Recording() {
            super("a/b.json");
        }

        @Override
        public OutputStream stream() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    ensureOpen();
                    bytes.write(b);
                }
            };
        }

        @Override
        protected void publish() throws IOException {
            calls.add("publish");
            if (failPublish) {
                throw new IOException("disk full");
            }
        }

        @Override
        protected void abort() {
            calls.add("abort");
        }

        @Override
        protected void release() {
            calls.add("release");
        }
    }

    @Test
    void commit_publishesThenReleases_andASecondCommitFails() throws Exception {
        Recording out = new Recording();
        out.stream().write(1);

        out.commit();
        out.close();

        assertThat(out.calls).containsExactly("publish", "release");
        assertThat(out.isCommitted()).isTrue();
        assertThatThrownBy(out::commit).isInstanceOf(IOException.class).hasMessageContaining("a/b.json was already committed");
        assertThatThrownBy(() -> out.stream().write(2)).isInstanceOf(IOException.class).hasMessageContaining("is closed");
    }

    @Test
    void failedPublish_abortsOnce_andTheOutputIsClosed() {
        Recording out = new Recording();
        out.failPublish = true;

        assertThatThrownBy(out::commit).isInstanceOf(IOException.class).hasMessage("disk full");
        out.close();

        assertThat(out.calls).containsExactly("publish", "abort", "release");
        assertThat(out.isCommitted()).isFalse();
        assertThatThrownBy(out::commit).isInstanceOf(IOException.class).hasMessageContaining("closed or aborted");
    }

    @Test
    void closeWithoutCommit_abortsAndReleasesOnce() throws Exception {
        Recording out = new Recording();
        out.stream().write(1);

        out.close();
        out.close();

        assertThat(out.calls).containsExactly("abort", "release");
        assertThat(out.path()).isEqualTo("a/b.json");
    }
}
