package org.datasetexport.dest.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationContractTest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3DestinationContractTest extends DestinationContractTest {
    private String prefix;

    @Override
    protected Destination newDestination() throws Exception {
        prefix = "contract-" + UUID.randomUUID();
        return S3MockServer.shared().destination(prefix).partSize(S3Destination.MIN_PART_SIZE).partsInFlight(2).build();
    }

    /** Objects and pending multipart uploads under the prefix, straight from the bucket. */
    @Override
    protected List<String> rawObjects() throws Exception {
        List<String> raw = new ArrayList<>();
        try (S3Client client = S3MockServer.shared().client()) {
            for (S3Object o : client.listObjectsV2Paginator(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).contents()) {
                raw.add(o.key().substring(prefix.length() + 1));
            }
            for (MultipartUpload u : client.listMultipartUploads(r -> r.bucket(S3MockServer.BUCKET).prefix(prefix + "/")).uploads()) {
                raw.add("pending upload: " + u.key());
            }
        }
        raw.sort(null);
        return raw;
    }

    /** S3Mock accepts any signature, so wrong credentials cannot be shown; a missing bucket is the nearest refusal. */
    @Override
    protected Destination destinationWithBadCredentials() throws Exception {
        return S3Destination.builder().bucket("no-such-bucket").endpointOverride(S3MockServer.shared().endpoint())
                .forcePathStyle(true).credentials(S3Credentials.accessKey("AKIAWRONG", "wrong-secret-do-not-print")).build();
    }

    @Override
    protected List<String> secrets() {
        return List.of("test-secret-do-not-print", "wrong-secret-do-not-print");
    }

    @Override
    protected int largeFileBytes() {
        return 12 * 1024 * 1024; // three parts of 5 MiB: the abort must remove uploaded parts too
    }
}
