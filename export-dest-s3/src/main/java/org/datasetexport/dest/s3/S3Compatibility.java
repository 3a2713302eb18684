package org.datasetexport.dest.s3;

/**
 * How an {@link S3Destination} shapes its requests for the store it talks to. AWS SDK releases
 * from 2.30 on send flexible-checksum headers ({@code x-amz-checksum-*},
 * {@code x-amz-sdk-checksum-algorithm}) and {@code aws-chunked} trailer encoding by default; Amazon
 * S3 accepts them, several S3-compatible stores (Google Cloud Storage's XML API, some Ceph RGW,
 * OVH and Open Telekom Cloud versions) reject them.
 */
public enum S3Compatibility {
    /**
     * Amazon S3 (the default): a CRC32C checksum on every upload (computed from the part in memory
     * and sent in the {@code x-amz-checksum-crc32c} header, never as an {@code aws-chunked}
     * trailer), {@code If-None-Match: *} on PutObject and CompleteMultipartUpload.
     */
    AWS,
    /**
     * S3-compatible stores that reject the post-2.30 checksum shapes: checksums only where an
     * operation requires one, no {@code aws-chunked} encoding, a {@code Content-MD5} on every
     * PutObject and UploadPart (computed from the part in memory), {@code If-None-Match: *} on
     * publish.
     */
    PLAIN,
    /**
     * Google Cloud Storage's XML API with HMAC keys: as {@link #PLAIN}, but PutObject carries GCS's
     * own no-overwrite precondition {@code x-goog-if-generation-match: 0} (GCS ignores
     * {@code If-None-Match} on writes), and because the XML API documents no precondition for
     * completing a multipart upload, the upload is completed only after a HEAD finds the name free
     * (a check, not an atomic condition: see the module README).
     */
    GCS
}
