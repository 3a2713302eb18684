package org.datasetexport.dest.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.datasetexport.ConfigurationException;

/**
 * How an {@link SftpDestination} verifies the server's host key. Verification is on by default
 * and needs one of: known_hosts content or file, or a pinned SHA-256 fingerprint
 * ({@code SHA256:…} as {@code ssh-keygen -lf} prints it). Turning it off takes the loudly named
 * {@link #insecureAcceptAnyHostKey()}, which logs a warning at every connect.
 */
public final class HostKeyPolicy {
    /** The kinds of policy. */
    enum Kind { KNOWN_HOSTS, FINGERPRINT, INSECURE_ACCEPT_ANY }

    private final Kind kind;
    private final String value;

    private HostKeyPolicy(Kind kind, String value) {
        this.kind = kind;
        this.value = value;
    }

    /**
     * @param knownHosts known_hosts lines, e.g. {@code [sftp.example.com]:2222 ssh-ed25519 AAAA…}
     * @return a policy that accepts only keys listed there
     */
    public static HostKeyPolicy knownHosts(String knownHosts) {
        ConfigurationException.requireNonNull(knownHosts, "knownHosts");
        ConfigurationException.check(!knownHosts.isBlank(), "knownHosts is empty");
        return new HostKeyPolicy(Kind.KNOWN_HOSTS, knownHosts);
    }

    /**
     * @param file a known_hosts file
     * @return a policy that accepts only keys listed there
     */
    public static HostKeyPolicy knownHostsFile(Path file) {
        ConfigurationException.requireNonNull(file, "knownHostsFile");
        try {
            return knownHosts(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigurationException("cannot read the known_hosts file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param fingerprint {@code SHA256:} followed by the unpadded base64 SHA-256 of the host key
     * @return a policy that accepts exactly that key
     */
    public static HostKeyPolicy fingerprint(String fingerprint) {
        ConfigurationException.requireNonNull(fingerprint, "hostKeyFingerprint");
        ConfigurationException.check(fingerprint.startsWith("SHA256:") && fingerprint.length() > 20,
                "hostKeyFingerprint must look like SHA256:<base64>, got \"%s\"", fingerprint);
        return new HostKeyPolicy(Kind.FINGERPRINT, fingerprint.replaceAll("=+$", ""));
    }

    /**
     * Accepts any host key: anyone on the network path can impersonate the server. For throwaway
     * test servers only; every connect logs a warning.
     *
     * @return a policy that verifies nothing
     */
    public static HostKeyPolicy insecureAcceptAnyHostKey() {
        return new HostKeyPolicy(Kind.INSECURE_ACCEPT_ANY, null);
    }

    Kind kind() {
        return kind;
    }

    String value() {
        return value;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case KNOWN_HOSTS -> "HostKeyPolicy[known_hosts, " + value.lines().filter(l -> !l.isBlank()).count() + " line(s)]";
            case FINGERPRINT -> "HostKeyPolicy[" + value + "]";
            case INSECURE_ACCEPT_ANY -> "HostKeyPolicy[INSECURE: any host key accepted]";
        };
    }
}
