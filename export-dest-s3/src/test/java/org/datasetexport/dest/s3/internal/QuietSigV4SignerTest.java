package org.datasetexport.dest.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Issue 16: the signer that replaces the AWS SDK's (which logs the session token) must sign
 * exactly as AWS verifies. Checked two independent ways: against the worked examples AWS
 * publishes, and against the SDK's own signer on thousands of generated requests.
 */
class QuietSigV4SignerTest {
    private static final Instant MAY_24_2013 = Instant.parse("2013-05-24T00:00:00Z");

    /** AWS S3 API reference, "Signature calculations for the Authorization header", example GET Object. */
    @Test
    void awsPublishedExample_getObject() {
        SignedRequest signed = new QuietSigV4Signer().sign(s3Request(SdkHttpRequest.builder().method(SdkHttpMethod.GET)
                .uri(java.net.URI.create("https://examplebucket.s3.amazonaws.com/test.txt")).putHeader("Range", "bytes=0-9").build(),
                null, AwsCredentialsIdentity.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"), true));
        assertThat(signed.request().firstMatchingHeader("Authorization")).hasValue("AWS4-HMAC-SHA256 "
                + "Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256"))
                .hasValue("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    /** AWS SigV4 test suite, "get-vanilla": the canonical request and signature of the simplest request. */
    @Test
    void awsSigV4TestSuite_getVanilla() {
        Map<String, String> headers = QuietSigV4Signer.canonicalHeaders(
                Map.of("Host", List.of("example.amazonaws.com"), "X-Amz-Date", List.of("20150830T123600Z")));
        String canonical = QuietSigV4Signer.canonicalRequest("GET", "/", "", headers,
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(canonical).isEqualTo("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(QuietSigV4Signer.signature("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                "20150830/us-east-1/service/aws4_request", "20150830T123600Z", canonical))
                .isEqualTo("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    @Test
    void signsTheSessionTokenAndLogsNothing_butRefusesWhatItDoesNotImplement() {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.PUT)
                .uri(java.net.URI.create("https://b.s3.amazonaws.com/k")).putHeader("Content-Length", "3").build();
        AwsSessionCredentialsIdentity session = AwsSessionCredentialsIdentity.create("AKID", "secret", "token/with+odd=chars");
        SignedRequest signed = new QuietSigV4Signer().sign(s3Request(request, "abc", session, false));
        assertThat(signed.request().firstMatchingHeader("X-Amz-Security-Token")).hasValue("token/with+odd=chars");
        assertThat(signed.request().firstMatchingHeader("Authorization").orElseThrow()).contains("x-amz-security-token");
        assertThat(signed.request().firstMatchingHeader("x-amz-content-sha256")).hasValue("UNSIGNED-PAYLOAD");

        SignRequest<AwsCredentialsIdentity> chunked = SignRequest.builder((AwsCredentialsIdentity) session).request(request)
                .payload(ContentStreamProvider.fromUtf8String("abc"))
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1").putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, true)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, true).build();
        assertThatThrownBy(() -> new QuietSigV4Signer().sign(chunked)).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("aws-chunked");
        SignRequest<AwsCredentialsIdentity> presigned = chunked.toBuilder()
                .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false)
                .putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING).build();
        assertThatThrownBy(() -> new QuietSigV4Signer().sign(presigned)).isInstanceOf(UnsupportedOperationException.class);
    }

    /**
     * Generated requests — every method, paths and query parameters with reserved, unicode and
     * empty parts, repeated and padded header values, session or long-term keys, bodies over HTTP
     * and HTTPS, S3's settings and a generic service's, flexible checksums — signed by both
     * signers at the same instant: the signed requests must be identical, header for header.
     */
    @Test
    void signsEveryGeneratedRequestExactlyAsTheSdkSignerDoes() {
        Random random = new Random(16);
        HttpSigner<AwsCredentialsIdentity> sdk = AwsV4HttpSigner.create();
        QuietSigV4Signer quiet = new QuietSigV4Signer();
        int withChecksum = 0;
        int withBody = 0;
        for (int i = 0; i < 2_000; i++) {
            boolean s3 = random.nextBoolean();
            String body = random.nextInt(3) == 0 ? null : text(random, 0, 300);
            SdkHttpRequest.Builder b = SdkHttpRequest.builder()
                    .method(SdkHttpMethod.values()[random.nextInt(SdkHttpMethod.values().length)])
                    .protocol(random.nextBoolean() ? "https" : "http")
                    .host(random.nextBoolean() ? "bucket.s3.eu-west-1.amazonaws.com" : "127.0.0.1")
                    .port(List.of(-1, 80, 443, 9090).get(random.nextInt(4)))
                    .encodedPath(path(random, s3));
            for (int q = random.nextInt(4); q > 0; q--) {
                String name = text(random, 1, 8);
                if (random.nextInt(4) == 0) {
                    b.putRawQueryParameter(name, List.of());
                } else {
                    b.appendRawQueryParameter(name, text(random, 0, 12));
                }
            }
            for (int h = random.nextInt(5); h > 0; h--) {
                String name = List.of("Content-Type", "x-amz-meta-Run", "Range", "User-Agent", "Expect", "x-amz-acl", "If-None-Match",
                        "Connection", "x-amz-meta-empty").get(random.nextInt(9));
                b.appendHeader(name, List.of("  a  value\twith \f\u000b  spaces\r\n ", " \u2003em\u2003spaces\u2003 ", " \t ", "")
                        .get(random.nextInt(4)) + (random.nextBoolean() ? text(random, 0, 10).replaceAll("[^ -~]", "x") : ""));
            }
            if (body != null) {
                b.putHeader("Content-Length", String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
                withBody++;
            }
            AwsCredentialsIdentity identity = random.nextBoolean()
                    ? AwsSessionCredentialsIdentity.create("AKIA" + i, "se/cr+et " + i, "tok/en+" + i + "= @_")
                    : AwsCredentialsIdentity.create("AKIA" + i, "se/cr+et " + i);
            SignRequest.Builder<AwsCredentialsIdentity> r = SignRequest.builder(identity).request(b.build())
                    .putProperty(AwsV4HttpSigner.REGION_NAME, random.nextBoolean() ? "us-east-1" : "eu-west-1")
                    .putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, s3 ? "s3" : "sts")
                    .putProperty(HttpSigner.SIGNING_CLOCK,
                            Clock.fixed(MAY_24_2013.plusSeconds(random.nextInt(1_000_000_000)), ZoneOffset.UTC));
            if (s3) {
                r.putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false).putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                        .putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false);
                if (random.nextBoolean()) {
                    r.putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, random.nextBoolean());
                }
                if (body != null && random.nextInt(3) == 0) {
                    r.putProperty(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM, random.nextBoolean()
                            ? DefaultChecksumAlgorithm.CRC32C : DefaultChecksumAlgorithm.SHA256);
                    withChecksum++;
                }
            }
            if (body != null) {
                r.payload(ContentStreamProvider.fromUtf8String(body));
            }
            SignRequest<AwsCredentialsIdentity> request = r.build();
            SdkHttpRequest expected = sdk.sign(request).request();
            SdkHttpRequest actual = quiet.sign(request).request();
            assertThat(new TreeMap<>(actual.headers())).as("case %d: %s", i, request.request()).isEqualTo(new TreeMap<>(expected.headers()));
            assertThat(actual.getUri()).isEqualTo(expected.getUri());
        }
        assertThat(withChecksum).isGreaterThan(100);
        assertThat(withBody).isGreaterThan(1_000);
    }

    private static SignRequest<AwsCredentialsIdentity> s3Request(SdkHttpRequest request, String body, AwsCredentialsIdentity identity,
            boolean signPayload) {
        SignRequest.Builder<AwsCredentialsIdentity> r = SignRequest.builder(identity).request(request)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1").putProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME, "s3")
                .putProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, false).putProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, false)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, signPayload)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(MAY_24_2013, ZoneOffset.UTC));
        if (body != null) {
            r.payload(ContentStreamProvider.fromUtf8String(body));
        }
        return r.build();
    }

    private static final String ALPHABET = "abcXYZ019-_.~ /+=&?%:@!$'()*,;äé€😀";

    private static String text(Random random, int min, int max) {
        StringBuilder s = new StringBuilder();
        for (int n = min + random.nextInt(max - min + 1); n > 0; n--) {
            s.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return s.toString();
    }

    /** An already-encoded path, as the SDK's marshallers hand it over. */
    private static String path(Random random, boolean s3) {
        StringBuilder p = new StringBuilder();
        for (int n = random.nextInt(4); n > 0; n--) {
            String segment = random.nextInt(6) == 0 ? (s3 ? "" : ".") : QuietSigV4Signer.encode(text(random, 1, 10), false);
            p.append('/').append(segment);
        }
        if (random.nextInt(4) == 0) {
            p.append('/');
        }
        return p.toString();
    }
}
