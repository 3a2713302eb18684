package org.datasetexport.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.datasetexport.ConfigurationException;
import org.datasetexport.spi.Destination;
import org.datasetexport.spi.StoragePaths;
import java.util.HashSet;
import java.util.Set;
import org.datasetexport.engine.Manifest;
import org.datasetexport.engine.ManifestCodec;

/**
 * Where a {@link FileDataset}'s files are: a local folder, or a folder of any store through the
 * {@link Destination} SPI's {@code list} and {@code open} (S3, Azure, GCS, SFTP, ...).
 *
 * <p>Listing is recursive and skips what is not data: names starting with {@code .} or {@code _}
 * (temp files, {@code _SUCCESS} markers) and export manifests ({@code manifest-*.json}), so a
 * folder written by an export reads back as its data files only. Thread-safe.
 */
public final class FileSource {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FileSource.class);
    private final Path folder;
    private final Destination destination;
    private final String prefix;

    private FileSource(Path folder, Destination destination, String prefix) {
        this.folder = folder;
        this.destination = destination;
        this.prefix = prefix;
    }

    /**
     * @param folder a local folder
     * @return the source; listing reports sizes and modification times
     * @throws ConfigurationException when {@code folder} is not a readable folder
     */
    public static FileSource local(Path folder) {
        ConfigurationException.requireNonNull(folder, "folder");
        ConfigurationException.check(Files.isDirectory(folder), "%s is not a folder", folder);
        return new FileSource(folder.toAbsolutePath().normalize(), null, null);
    }

    /**
     * @param destination a store; its {@code list} and {@code open} are used, never a write
     * @param prefix the folder inside it ({@code ""} for the root); validated like any path
     * @return the source; object stores report neither size nor modification time through the SPI
     */
    public static FileSource of(Destination destination, String prefix) {
        ConfigurationException.requireNonNull(destination, "destination");
        return new FileSource(null, destination, StoragePaths.folder(StoragePaths.normalizePrefix(prefix, "prefix")));
    }

    /**
     * @return whether the files are on the local file system: read in place (no temporary copy),
     *         listed with their modification times
     */
    public boolean isLocal() {
        return folder != null;
    }

    /**
     * @return the data files, sorted by path
     * @throws IOException when listing fails
     */
    public List<SourceFile> list() throws IOException {
        List<SourceFile> files = new ArrayList<>();
        if (folder != null) {
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                    String relative = folder.relativize(p).toString().replace('\\', '/');
                    if (Files.isSymbolicLink(p) && Files.isDirectory(p)) {
                        // not followed (a link can lead out of the folder, or in a circle): said, never silent
                        LOG.warn("Source folder {}: the symbolic link {} to a folder is not followed; its files are not read",
                                folder, relative);
                        continue;
                    }
                    if (!Files.isRegularFile(p)) {
                        continue;
                    }
                    if (isData(relative)) {
                        BasicFileAttributes attributes = Files.readAttributes(p, BasicFileAttributes.class);
                        files.add(new SourceFile(relative, attributes.size(), Optional.of(attributes.lastModifiedTime().toInstant())));
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } else {
            for (String path : destination.list(prefix)) {
                String relative = path.substring(prefix.length());
                if (isData(relative)) {
                    files.add(new SourceFile(relative, -1, Optional.empty()));
                }
            }
        }
        return files;
    }

    /**
     * The data files that a manifest in their folder lists: what a completed run exported, without
     * the files of a run that crashed before its manifest, or of one still writing. A folder with
     * no manifest contributes nothing.
     *
     * @return the manifested data files, sorted by path
     * @throws IOException when listing or reading a manifest fails
     */
    public List<SourceFile> listManifested() throws IOException {
        Set<String> listed = new HashSet<>();
        for (String manifest : manifests()) {
            String folderPath = manifest.contains("/") ? manifest.substring(0, manifest.lastIndexOf('/') + 1) : "";
            try (InputStream in = openRelative(manifest)) {
                for (Manifest.Entry e : ManifestCodec.read(in).exportResults()) {
                    listed.add(folderPath + e.name());
                }
            }
        }
        List<SourceFile> files = new ArrayList<>();
        for (SourceFile f : list()) {
            if (listed.contains(f.path())) {
                files.add(f);
            }
        }
        return files;
    }

    private List<String> manifests() throws IOException {
        List<String> found = new ArrayList<>();
        if (folder != null) {
            try (Stream<Path> walk = Files.walk(folder)) {
                for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile).sorted()::iterator) {
                    String relative = folder.relativize(p).toString().replace('\\', '/');
                    if (isManifest(relative)) {
                        found.add(relative);
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        } else {
            for (String path : destination.list(prefix)) {
                String relative = path.substring(prefix.length());
                if (isManifest(relative)) {
                    found.add(relative);
                }
            }
        }
        return found;
    }

    private static boolean isManifest(String relative) {
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        return name.startsWith("manifest-") && name.endsWith(".json");
    }

    private InputStream openRelative(String relative) throws IOException {
        return folder != null ? Files.newInputStream(folder.resolve(relative)) : destination.open(prefix + relative);
    }

    private static boolean isData(String relative) {
        for (String segment : relative.split("/")) {
            if (segment.startsWith(".") || segment.startsWith("_")) {
                return false;
            }
        }
        String name = relative.substring(relative.lastIndexOf('/') + 1);
        return !(name.startsWith("manifest-") && name.endsWith(".json"));
    }

    /**
     * @param file a listed file
     * @return its bytes, as stored (compressed files are not decompressed here)
     * @throws IOException when it cannot be opened
     */
    public InputStream open(SourceFile file) throws IOException {
        return folder != null ? Files.newInputStream(local(file)) : destination.open(prefix + file.path());
    }

    /**
     * A local file with the bytes of {@code file}, for readers that need random access (Parquet):
     * the file itself in a local folder; otherwise a temporary copy, streamed to disk, that the
     * caller deletes when {@link LocalCopy#close() closed}.
     *
     * @param file a listed file
     * @return the local file
     * @throws IOException when it cannot be read or copied
     */
    public LocalCopy localCopy(SourceFile file) throws IOException {
        if (folder != null) {
            return new LocalCopy(local(file), false);
        }
        Path temp = Files.createTempFile("datasetexport-", "-" + file.name());
        try (InputStream in = open(file)) {
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            return new LocalCopy(temp, true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private Path local(SourceFile file) {
        StoragePaths.requireValid(file.path());
        return folder.resolve(file.path());
    }

    /**
     * A local file for a {@link SourceFile}; closing deletes it when it is a temporary copy.
     *
     * @param path the local file
     * @param temporary whether {@link #close()} deletes it
     */
    public record LocalCopy(Path path, boolean temporary) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (temporary) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Override
    public String toString() {
        return folder != null ? "FileSource[" + folder.getFileName() + "]" : "FileSource[" + destination.id() + "/" + prefix + "]";
    }
}
