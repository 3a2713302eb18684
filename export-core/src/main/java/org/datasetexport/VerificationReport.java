package org.datasetexport;

import java.util.List;

/**
 * The outcome of {@link ExportVerifier#verify}: one line per problem found.
 *
 * @param manifestPath the manifest that was checked
 * @param filesChecked how many files the manifest lists
 * @param problems missing files, wrong sizes, wrong digests, extra data files; empty when all is well
 */
public record VerificationReport(String manifestPath, int filesChecked, List<String> problems) {

    /** Copies the list. */
    public VerificationReport {
        problems = List.copyOf(problems);
    }

    /** @return true when no problem was found */
    public boolean ok() {
        return problems.isEmpty();
    }
}
