package org.datasetexport.testdata;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.datasetexport.Compression;
import org.datasetexport.EmptyOutput;
import org.datasetexport.ExportMode;
import org.datasetexport.ExportSettings;
import org.datasetexport.Partition;
import org.datasetexport.Retention;
import org.datasetexport.SchemaChangePolicy;

/**
 * Settings with every property away from its default, checked by reflection: a property added to
 * {@link ExportSettings} and not set here fails {@link #propertiesAtTheirDefault}, so every front
 * end's "can set every setting" test covers it without anyone remembering to extend a list.
 */
public final class SettingsFixtures {
    /** Methods of {@link ExportSettings} that are not settings. */
    private static final Set<String> NOT_PROPERTIES = Set.of("toBuilder", "toTree", "hashCode", "toString", "getClass");

    private SettingsFixtures() {
    }

    /**
     * @return every setting changed from its default (format csv, gzip, day and bucket partitions of
     *         fields {@code ingested} and {@code id}, encryption key {@code customer-key})
     */
    public static ExportSettings everyField() {
        return ExportSettings.builder().folder("crm/daily").format("csv").formatOptions(Map.of("delimiter", ";"))
                .compression(Compression.GZIP).manifest(true).maxFileSize(64L << 20).maxRecordsPerFile(5000).parallelism(3)
                .emptyOutput(EmptyOutput.WRITE_EMPTY_FILE).successMarker(true)
                .partitions(List.of(Partition.day("ingested"), Partition.bucket(4, "id"))).maxOpenFiles(16)
                .retention(Retention.olderThan(Duration.ofDays(30))).schemaChangePolicy(SchemaChangePolicy.FAIL)
                .mode(ExportMode.FIRST_FULL_THEN_INCREMENTAL).incrementalLag(Duration.ofMinutes(2)).purpose("analytics")
                .encryption("customer-key").build();
    }

    /** @return the names of {@link ExportSettings}' properties: its public no-argument instance methods that return a value */
    public static List<String> properties() {
        List<String> names = new ArrayList<>();
        for (Method m : ExportSettings.class.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && m.getParameterCount() == 0
                    && m.getReturnType() != void.class && !NOT_PROPERTIES.contains(m.getName())) {
                names.add(m.getName());
            }
        }
        names.sort(null);
        return names;
    }

    /**
     * @param settings settings to check
     * @return the properties whose value equals {@link ExportSettings#defaults()}'s
     */
    public static List<String> propertiesAtTheirDefault(ExportSettings settings) {
        List<String> same = new ArrayList<>();
        for (String name : properties()) {
            try {
                Method m = ExportSettings.class.getMethod(name);
                if (Objects.equals(m.invoke(settings), m.invoke(ExportSettings.defaults()))) {
                    same.add(name);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(name, e);
            }
        }
        return same;
    }
}
