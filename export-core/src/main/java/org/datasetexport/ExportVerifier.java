package org.datasetexport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.datasetexport.spi.support.CountingDigestOutputStream;
import org.datasetexport.engine.Manifest;
import org.datasetexport.engine.ManifestCodec;
import org.datasetexport.engine.FileNames;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StoragePaths;

/**
 * Verifies a finished export against its manifest: every listed file exists with the listed size
 * and SHA-256, and the folder holds no data file that no manifest accounts for. Reads each file
 * once, streaming.
 *
 * <pre>{@code
 * VerificationReport report = ExportVerifier.verify(destination, result.manifestPath().orElseThrow());
 * if (!report.ok()) report.problems().forEach(System.err::println);
 * }</pre>
 */
public final class ExportVerifier {

    private ExportVerifier() {
    }

    /**
     * @param destination where the export went
     * @param manifestPath the manifest's destination-relative path
     * @return the report; problems with the data are reported, not thrown
     * @throws DestinationException when the manifest itself cannot be read or parsed, or listing fails
     */
    public static VerificationReport verify(Destination destination, String manifestPath) {
        ConfigurationException.requireNonNull(destination, "destination");
        StoragePaths.requireValid(manifestPath);
        Manifest manifest = readManifest(destination, manifestPath);
        List<String> problems = new ArrayList<>();
        if (!manifest.complete()) {
            problems.add("manifest " + manifestPath + " is not marked complete");
        }
        Set<String> listed = new HashSet<>();
        List<String> fileProblems = new ArrayList<>();
        for (Manifest.Entry entry : manifest.exportResults()) {
            String path = entry.path();
            listed.add(path);
            checkFile(destination, entry, path, fileProblems);
        }
        if (expired(destination, manifest, fileProblems)) {
            problems.add("export expired: " + destination.type() + " removes files " + destination.fileLifetime().orElseThrow().toDays()
                    + " days after they land; this manifest is from " + manifest.scheduledTime() + " and "
                    + fileProblems.size() + " of its files are gone");
        } else {
            problems.addAll(fileProblems);
        }
        String folder = manifestPath.contains("/") ? manifestPath.substring(0, manifestPath.lastIndexOf('/') + 1) : "";
        List<String> inFolder = list(destination, folder);
        Set<String> otherRuns = null; // files of other runs sharing the minute folder, read only if needed
        for (String path : inFolder) {
            String name = path.substring(folder.length());
            // files in partition directories below the run folder are checked like the others
            if (FileNames.isManifest(name) || name.equals(FileNames.SUCCESS_MARKER) || listed.contains(path)) {
                continue;
            }
            if (otherRuns == null) {
                otherRuns = filesOfOtherManifests(destination, folder, inFolder, manifestPath);
            }
            if (!otherRuns.contains(path)) {
                problems.add("extra data file " + path + " is not listed in the manifest");
            }
        }
        return new VerificationReport(manifestPath, manifest.exportResults().size(), problems);
    }

    /** A store that deletes files by itself (the Data Landing Zone): missing files of an older manifest are expiry, not loss. */
    private static boolean expired(Destination destination, Manifest manifest, List<String> fileProblems) {
        Optional<Duration> lifetime = destination.fileLifetime();
        return lifetime.isPresent() && !fileProblems.isEmpty()
                && fileProblems.stream().allMatch(p -> p.startsWith("missing file "))
                && manifest.scheduledTime().isBefore(Instant.now().minus(lifetime.get()));
    }

    private static void checkFile(Destination destination, Manifest.Entry entry, String path, List<String> problems) {
        MessageDigest digest = CountingDigestOutputStream.sha256();
        long size = 0;
        try (InputStream in = destination.open(path)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                size += n;
            }
        } catch (NoSuchFileException e) {
            problems.add("missing file " + path);
            return;
        } catch (IOException e) {
            problems.add("unreadable file " + path + ": " + e.getMessage());
            return;
        }
        if (size != entry.size()) {
            problems.add("wrong size of " + path + ": manifest says " + entry.size() + " bytes, found " + size);
        }
        String sha = HexFormat.of().formatHex(digest.digest());
        if (!sha.equalsIgnoreCase(entry.sha256())) {
            problems.add("wrong sha256 of " + path + ": manifest says " + entry.sha256() + ", found " + sha);
        }
    }

    /** Runs of other exports may share the minute folder; their files are theirs, not extras. */
    private static Set<String> filesOfOtherManifests(Destination destination, String folder, List<String> inFolder, String self) {
        Set<String> files = new HashSet<>();
        for (String other : inFolder) {
            String name = other.substring(folder.length());
            if (!other.equals(self) && !name.contains("/") && FileNames.isManifest(name)) {
                readManifest(destination, other).exportResults().forEach(e -> files.add(e.path()));
            }
        }
        return files;
    }

    private static Manifest readManifest(Destination destination, String path) {
        try (InputStream in = destination.open(path)) {
            return ManifestCodec.read(in);
        } catch (IOException e) {
            throw new DestinationException(destination.id(), path, DestinationException.Operation.OPEN,
                    !(e instanceof NoSuchFileException), "cannot read the manifest: " + e.getMessage(), e);
        }
    }

    private static List<String> list(Destination destination, String prefix) {
        try {
            return destination.list(prefix);
        } catch (IOException e) {
            throw new DestinationException(destination.id(), prefix, DestinationException.Operation.LIST, true,
                    e.getMessage(), e);
        }
    }
}
