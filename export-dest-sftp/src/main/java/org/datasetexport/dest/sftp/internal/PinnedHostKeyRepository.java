package org.datasetexport.dest.sftp.internal;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.UserInfo;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Accepts exactly one host key, identified by its SHA-256 fingerprint ({@code SHA256:…}). */
public final class PinnedHostKeyRepository implements HostKeyRepository {
    private final String fingerprint;

    /**
     * @param fingerprint {@code SHA256:} + unpadded base64
     */
    public PinnedHostKeyRepository(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    /**
     * @param key a host key blob
     * @return its {@code SHA256:} fingerprint as {@code ssh-keygen -lf} prints it
     */
    public static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int check(String host, byte[] key) {
        // CHANGED makes JSch refuse with "HostKey has been changed", which we report clearly
        return fingerprint(key).equals(fingerprint) ? OK : CHANGED;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // pinned: nothing is ever added
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return "pinned " + fingerprint;
    }

    @Override
    public HostKey[] getHostKey() {
        return new HostKey[0];
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return new HostKey[0];
    }
}
