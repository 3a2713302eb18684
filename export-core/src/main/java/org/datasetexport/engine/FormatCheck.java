package org.datasetexport.engine;

import org.datasetexport.Compression;
import org.datasetexport.ConfigurationException;
import org.datasetexport.data.Dataset;
import org.datasetexport.spi.Format;

/** Whether a format can write a dataset with a compression: checked before anything is read or written. */
public final class FormatCheck {
    private FormatCheck() {
    }

    /**
     * @param format the format
     * @param compression the compression asked for
     * @param dataset the dataset whose schema it must write
     * @throws ConfigurationException naming the compression or the field the format cannot write
     */
    public static void require(Format format, Compression compression, Dataset dataset) {
        format.requireSupported(compression);
        format.unsupportedReason(dataset.schema()).ifPresent(reason -> {
            throw new ConfigurationException("dataset \"" + dataset.id() + "\" is not eligible for format \"" + format.name()
                    + "\": " + reason);
        });
    }
}
