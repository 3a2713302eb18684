package org.datasetexport;

import java.util.Optional;
import java.util.function.Function;
import org.datasetexport.data.Dataset;
import org.datasetexport.engine.ExportPlan;

/**
 * A scheduled export as {@link ExportBuilder#start(FlowHost)} hands it to a {@link FlowHost}: the
 * dataset, the schedule, the settings (one value, the format named), the encryption instance given
 * to the builder if any, and {@link #plan(Encryption)}, which resolves the rest. Created only by
 * the builder, and valid while {@link FlowHost#start(FlowRequest)} runs: call {@link #plan(Encryption)}
 * from there.
 */
public final class FlowRequest {
    private final Dataset dataset;
    private final Schedule schedule;
    private final ExportSettings settings;
    private final Encryption encryption;
    private final Function<Encryption, ExportPlan> planner;

    FlowRequest(Dataset dataset, Schedule schedule, ExportSettings settings, Encryption encryption,
                Function<Encryption, ExportPlan> planner) {
        this.dataset = dataset;
        this.schedule = schedule;
        this.settings = settings;
        this.encryption = encryption;
        this.planner = planner;
    }

    /** @return the dataset to export */
    public Dataset dataset() {
        return dataset;
    }

    /** @return when the flow runs */
    public Schedule schedule() {
        return schedule;
    }

    /**
     * @return the settings, as one value; {@code settings().encryption()} names the key files are
     *         encrypted with, when they are
     */
    public ExportSettings settings() {
        return settings;
    }

    /**
     * @return the encryption instance given with {@code ExportBuilder.encryption(...)}; empty when
     *         none was (the settings may still name a key, which the host then looks up)
     */
    public Optional<Encryption> encryption() {
        return Optional.ofNullable(encryption);
    }

    /**
     * Resolves the request into a plan: makes every check {@code run()} makes before it reads
     * (settings, format against schema and compression, partitioning, the dataset id as a folder
     * name, an encryption key for settings that name one) and opens the destination. When
     * {@link ExportPlan#ownsDestination()} is true the destination was built from a URI for this
     * plan, and the caller closes it (when starting fails, or when the flow is done with it).
     *
     * @param key the encryption key, or null when files are not encrypted
     * @return the plan
     * @throws ConfigurationException when a check fails, naming what is wrong
     */
    public ExportPlan plan(Encryption key) {
        return planner.apply(key);
    }

    @Override
    public String toString() {
        return "FlowRequest[dataset=" + dataset.id() + ", schedule=" + schedule + ", settings=" + settings + "]";
    }
}
