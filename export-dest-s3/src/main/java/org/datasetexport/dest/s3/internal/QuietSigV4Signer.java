package org.datasetexport.dest.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.datasetexport.spi.support.CountingDigestOutputStream;
import software.amazon.awssdk.checksums.SdkChecksum;
import software.amazon.awssdk.checksums.spi.ChecksumAlgorithm;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * AWS Signature Version 4 in the {@code Authorization} header, computed exactly as the AWS SDK's
 * own signer computes it for the requests this module sends — but without logging. The SDK's
 * signer prints the canonical request, which holds the session token, at DEBUG; no setting turns
 * that off, so a user who turns on DEBUG for {@code software.amazon.awssdk} would see the token.
 * This signer logs nothing.
 *
 * <p>It covers what S3 and STS requests need: header authentication, signed or
 * {@code UNSIGNED-PAYLOAD} bodies (the SDK's rule: unsigned only over HTTPS when the service
 * allows it), and a flexible checksum header when the SDK asks for one. It does not do
 * {@code aws-chunked} bodies (the destination turns chunked encoding off), presigned URLs, or
 * event streams; asked for those it refuses rather than sign wrongly. {@code QuietSigV4SignerTest}
 * checks it against the SDK's signer and against AWS's published examples.
 */
public final class QuietSigV4Signer implements HttpSigner<AwsCredentialsIdentity> {
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    /** Headers the SDK leaves out of the signature (proxies and clients may change them). */
    private static final Set<String> UNSIGNED_HEADERS = Set.of("connection", "x-amzn-trace-id", "user-agent", "expect");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /** The whitespace SigV4 trims and collapses: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static final Pattern SPACES = Pattern.compile("[ \\t\\n\\x0B\\f\\r]+");

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        if (request.property(AwsV4FamilyHttpSigner.EXPIRATION_DURATION) != null
                || request.requireProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.HEADER)
                        != AwsV4FamilyHttpSigner.AuthLocation.HEADER) {
            throw new UnsupportedOperationException("this signer signs in the Authorization header only");
        }
        SdkHttpRequest.Builder out = request.request().toBuilder();
        ContentStreamProvider payload = request.payload().orElse(null);
        AwsCredentialsIdentity identity = request.identity();
        if (identity.accessKeyId() == null && identity.secretAccessKey() == null) {
            return SignedRequest.builder().request(out.build()).payload(payload).build(); // anonymous: not signed
        }
        boolean chunked = request.requireProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false);
        boolean signPayload = signsPayload(request, payload != null);
        ChecksumAlgorithm checksum = request.property(AwsV4FamilyHttpSigner.CHECKSUM_ALGORITHM);
        String checksumHeader = checksum == null ? null : "x-amz-checksum-" + checksum.algorithmId().toLowerCase(Locale.ROOT);
        boolean flexible = checksum != null && out.firstMatchingHeader(checksumHeader).isEmpty();
        if (chunked && (signPayload || flexible || out.firstMatchingHeader("x-amz-trailer").isPresent())) {
            throw new UnsupportedOperationException("aws-chunked bodies are not supported: turn chunked encoding off");
        }
        if ("application/vnd.amazon.eventstream".equals(out.firstMatchingHeader("Content-Type").orElse(""))) {
            throw new UnsupportedOperationException("event streams are not supported");
        }
        if (flexible) {
            SdkChecksum sum = SdkChecksum.forAlgorithm(checksum);
            if (sum == null) {
                throw new UnsupportedOperationException("no checksum implementation for " + checksum.algorithmId());
            }
            readAll(payload, sum::update);
            out.putHeader(checksumHeader, Base64.getEncoder().encodeToString(sum.getChecksumBytes()));
        }
        String contentHash = UNSIGNED_PAYLOAD;
        if (signPayload) {
            MessageDigest sha256 = CountingDigestOutputStream.sha256();
            readAll(payload, sha256::update);
            contentHash = HexFormat.of().formatHex(sha256.digest());
        }
        out.putHeader("x-amz-content-sha256", contentHash);
        if (identity instanceof AwsSessionCredentialsIdentity session) {
            out.putHeader("X-Amz-Security-Token", session.sessionToken());
        }
        ZonedDateTime now = request.requireProperty(HttpSigner.SIGNING_CLOCK, Clock.systemUTC()).instant().atZone(ZoneOffset.UTC);
        String time = TIME.format(now);
        out.putHeader("X-Amz-Date", time);
        if (out.firstMatchingHeader("Host").isEmpty()) {
            out.putHeader("Host", hostHeader(out.protocol(), out.host(), out.port() == null ? -1 : out.port()));
        }
        String scope = time.substring(0, 8) + "/" + request.requireProperty(AwsV4HttpSigner.REGION_NAME) + "/"
                + request.requireProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME) + "/aws4_request";
        Map<String, String> headers = canonicalHeaders(out.headers());
        String signedHeaders = String.join(";", headers.keySet());
        String canonicalRequest = canonicalRequest(out.method().name(),
                canonicalPath(out.encodedPath(), request.requireProperty(AwsV4FamilyHttpSigner.NORMALIZE_PATH, true),
                        request.requireProperty(AwsV4FamilyHttpSigner.DOUBLE_URL_ENCODE, true)),
                canonicalQuery(out.rawQueryParameters()), headers, contentHash);
        String signature = signature(identity.secretAccessKey(), scope, time, canonicalRequest);
        out.putHeader("Authorization", ALGORITHM + " Credential=" + identity.accessKeyId() + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
        return SignedRequest.builder().request(out.build()).payload(payload).build();
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this signer serves synchronous clients"));
    }

    /**
     * The SDK's rule: payloads are signed unless the service turns that off (S3 does), and a body
     * sent over plain HTTP is signed even then.
     */
    private static boolean signsPayload(SignRequest<? extends AwsCredentialsIdentity> request, boolean hasPayload) {
        Boolean enabled = request.property(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED);
        return enabled == null || enabled || (!"https".equals(request.request().protocol()) && hasPayload);
    }

    /**
     * @param secretAccessKey the secret key
     * @param scope {@code yyyyMMdd/region/service/aws4_request}
     * @param time {@code yyyyMMdd'T'HHmmss'Z'}
     * @param canonicalRequest the canonical request
     * @return the hex signature
     */
    static String signature(String secretAccessKey, String scope, String time, String canonicalRequest) {
        String stringToSign = ALGORITHM + "\n" + time + "\n" + scope + "\n"
                + HexFormat.of().formatHex(CountingDigestOutputStream.sha256().digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
        for (String part : scope.split("/")) {
            key = hmac(key, part);
        }
        return HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    static String canonicalRequest(String method, String path, String query, Map<String, String> headers, String contentHash) {
        StringBuilder s = new StringBuilder(256).append(method).append('\n').append(path).append('\n').append(query).append('\n');
        headers.forEach((name, value) -> s.append(name).append(':').append(value).append('\n'));
        return s.append('\n').append(String.join(";", headers.keySet())).append('\n').append(contentHash).toString();
    }

    /** Lower-case names in order, values trimmed with inner runs of whitespace as one space, repeated headers joined by commas. */
    static Map<String, String> canonicalHeaders(Map<String, List<String>> headers) {
        Map<String, String> canonical = new TreeMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (UNSIGNED_HEADERS.contains(lower)) {
                return;
            }
            List<String> trimmed = new ArrayList<>(values.size());
            for (String value : values) {
                trimmed.add(value == null ? "" : trimAll(value));
            }
            canonical.merge(lower, String.join(",", trimmed), (a, b) -> a + "," + b);
        });
        return canonical;
    }

    /** Runs of SigV4 whitespace as one space, none at either end (not {@link String#strip()}: only these six characters). */
    private static String trimAll(String value) {
        String v = SPACES.matcher(value).replaceAll(" ");
        int start = v.startsWith(" ") ? 1 : 0;
        int end = v.endsWith(" ") ? v.length() - 1 : v.length();
        return start >= end ? "" : v.substring(start, end);
    }

    /**
     * The path as signed: for services that ask for it (not S3), with dot segments removed (and no
     * trailing slash the request did not have) and percent-encoded a second time.
     */
    static String canonicalPath(String encodedPath, boolean normalize, boolean doubleEncode) {
        String path = encodedPath == null ? "" : encodedPath;
        boolean trailingSlash = false;
        if (normalize) {
            URI uri = URI.create("http://h" + path); // with an authority, a path starting "//" stays a path
            trailingSlash = uri.getPath().endsWith("/");
            path = uri.normalize().getRawPath();
        }
        if (path.isEmpty()) {
            return "/";
        }
        if (doubleEncode) {
            path = encode(path, true);
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        if (normalize && !trailingSlash && path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    /** Parameters by encoded name, then encoded value; a null value as {@code name=}. */
    static String canonicalQuery(Map<String, List<String>> parameters) {
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        parameters.forEach((name, values) -> {
            List<String> encoded = new ArrayList<>();
            for (String value : values) {
                encoded.add(value == null ? "" : encode(value, false));
            }
            if (encoded.isEmpty()) {
                return; // the SDK's signer leaves a parameter without any value out, and so must we
            }
            if (name.isEmpty()) {
                return;
            }
            sorted.computeIfAbsent(encode(name, false), k -> new ArrayList<>()).addAll(encoded);
        });
        StringBuilder s = new StringBuilder();
        sorted.forEach((name, values) -> {
            values.sort(null);
            for (String value : values) {
                s.append(s.length() == 0 ? "" : "&").append(name).append('=').append(value);
            }
        });
        return s.toString();
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters (and slashes when asked). */
    static String encode(String value, boolean keepSlashes) {
        StringBuilder s = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'
                    || c == '~' || (keepSlashes && c == '/')) {
                s.append(c);
            } else {
                s.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return s.toString();
    }

    static String hostHeader(String protocol, String host, int port) {
        boolean standard = port == -1 || ("http".equals(protocol) && port == 80) || ("https".equals(protocol) && port == 443);
        return standard ? host : host + ":" + port;
    }

    private interface Sink {
        void update(byte[] bytes, int offset, int length);
    }

    private static void readAll(ContentStreamProvider payload, Sink sink) {
        if (payload == null) {
            return;
        }
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = payload.newStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sink.update(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body to sign it", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }
}
