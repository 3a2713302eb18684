package org.datasetexport.dest.sftp;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.DestinationProvider;
import org.datasetexport.spi.OptionSpec;
import org.datasetexport.spi.OptionValues;
import org.datasetexport.spi.UriRedaction;

/**
 * {@code sftp://user@host:port/path} with option keys {@code password}, {@code privateKey},
 * {@code privateKeyFile}, {@code passphrase}, {@code knownHosts}, {@code knownHostsFile},
 * {@code hostKeyFingerprint}, {@code insecureAcceptAnyHostKey}, {@code connectTimeout},
 * {@code readTimeout}, {@code sessions}, {@code connectAttempts}, {@code id}. The URI path is absolute
 * ({@code sftp://u@h/upload} is {@code /upload}); {@code sftp://u@h/~/out} is {@code out} under the
 * login folder. The only place options become an {@link SftpDestination.Builder}.
 */
public final class SftpDestinationProvider implements DestinationProvider {
    /** The options {@link #create} accepts, declared for front ends (secrets, paths, forms). */
    static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.of("password", OptionSpec.Kind.SECRET, false, null, "the user's password"),
            OptionSpec.of("privateKey", OptionSpec.Kind.SECRET, false, null, "a private key in OpenSSH or PEM text"),
            OptionSpec.of("privateKeyFile", OptionSpec.Kind.PATH, false, null, "a private key file"),
            OptionSpec.of("passphrase", OptionSpec.Kind.SECRET, false, null, "the passphrase of the private key"),
            OptionSpec.of("knownHosts", OptionSpec.Kind.TEXT, false, null, "known_hosts lines for the server"),
            OptionSpec.of("knownHostsFile", OptionSpec.Kind.PATH, false, null, "a known_hosts file"),
            OptionSpec.of("hostKeyFingerprint", OptionSpec.Kind.TEXT, false, null, "the server key's SHA256 fingerprint"),
            OptionSpec.of("insecureAcceptAnyHostKey", OptionSpec.Kind.FLAG, false, null, "accept any host key (tests only)"),
            OptionSpec.of("connectTimeout", OptionSpec.Kind.DURATION, false, null, "timeout of connecting"),
            OptionSpec.of("readTimeout", OptionSpec.Kind.DURATION, false, null, "timeout of one read"),
            OptionSpec.of("sessions", OptionSpec.Kind.INTEGER, false, null, "SSH sessions kept open"),
            OptionSpec.of("connectAttempts", OptionSpec.Kind.INTEGER, false, null, "attempts to connect"),
            OptionSpec.of("id", OptionSpec.Kind.TEXT, false, null, "the destination id in manifest names and messages"));
    private static final Set<String> KEYS = OptionSpec.names(OPTIONS);

    /** Needed by {@link java.util.ServiceLoader}. */
    public SftpDestinationProvider() {
    }

    @Override
    public Set<String> schemes() {
        return Set.of("sftp");
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Destination create(URI uri, Map<String, String> options) {
        OptionValues.requireKnownKeys(options, KEYS, "an sftp: destination");
        String authority = uri.getRawAuthority();
        int at = authority == null ? -1 : authority.lastIndexOf('@');
        // checked before anything echoes the URI: a password may hold '/', '@' or ':' and break the parse
        ConfigurationException.check(at < 0 || !authority.substring(0, at).contains(":"),
                "sftp: URIs carry no password; pass it as the option \"password\"");
        ConfigurationException.check(uri.getHost() != null, "sftp: URI \"%s\" names no host; use sftp://user@host:port/path",
                UriRedaction.redact(uri));
        String userInfo = uri.getUserInfo();
        ConfigurationException.check(userInfo != null && !userInfo.isEmpty(), "sftp: URI names no user; use sftp://user@host:port/path");
        SftpDestination.Builder b = SftpDestination.builder().host(uri.getHost()).username(userInfo);
        if (uri.getPort() > 0) {
            b.port(uri.getPort());
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "." : uri.getPath();
        b.remotePath(path.startsWith("/~/") ? path.substring(3) : path.equals("/~") ? "." : path);

        int credentialKinds = (options.containsKey("password") ? 1 : 0) + (options.containsKey("privateKey") ? 1 : 0)
                + (options.containsKey("privateKeyFile") ? 1 : 0);
        ConfigurationException.check(credentialKinds == 1, "an sftp: destination needs exactly one of password, privateKey, privateKeyFile");
        if (options.containsKey("password")) {
            b.credentials(SftpCredentials.password(options.get("password")));
        } else if (options.containsKey("privateKey")) {
            b.credentials(SftpCredentials.privateKey(options.get("privateKey"), options.get("passphrase")));
        } else {
            b.credentials(SftpCredentials.privateKeyFile(Path.of(options.get("privateKeyFile")), options.get("passphrase")));
        }

        int hostKeyKinds = (options.containsKey("knownHosts") ? 1 : 0) + (options.containsKey("knownHostsFile") ? 1 : 0)
                + (options.containsKey("hostKeyFingerprint") ? 1 : 0) + (options.containsKey("insecureAcceptAnyHostKey") ? 1 : 0);
        ConfigurationException.check(hostKeyKinds == 1, "an sftp: destination needs exactly one of knownHosts, knownHostsFile, "
                + "hostKeyFingerprint, insecureAcceptAnyHostKey");
        if (options.containsKey("knownHosts")) {
            b.hostKeys(HostKeyPolicy.knownHosts(options.get("knownHosts")));
        } else if (options.containsKey("knownHostsFile")) {
            b.hostKeys(HostKeyPolicy.knownHostsFile(Path.of(options.get("knownHostsFile"))));
        } else if (options.containsKey("hostKeyFingerprint")) {
            b.hostKeys(HostKeyPolicy.fingerprint(options.get("hostKeyFingerprint")));
        } else {
            ConfigurationException.check(OptionValues.bool("insecureAcceptAnyHostKey", options.get("insecureAcceptAnyHostKey")),
                    "insecureAcceptAnyHostKey=false is not a host-key policy; give knownHosts, knownHostsFile or hostKeyFingerprint");
            b.hostKeys(HostKeyPolicy.insecureAcceptAnyHostKey());
        }
        if (options.containsKey("connectTimeout")) {
            b.connectTimeout(OptionValues.duration("connectTimeout", options.get("connectTimeout")));
        }
        if (options.containsKey("readTimeout")) {
            b.readTimeout(OptionValues.duration("readTimeout", options.get("readTimeout")));
        }
        if (options.containsKey("sessions")) {
            b.sessions(OptionValues.integer("sessions", options.get("sessions")));
        }
        if (options.containsKey("connectAttempts")) {
            b.connectRetries(OptionValues.integer("connectAttempts", options.get("connectAttempts")), Duration.ofMillis(500));
        }
        if (options.containsKey("id")) {
            b.id(options.get("id"));
        }
        return b.build();
    }
}
