package org.datasetexport.data;

import org.datasetexport.ConfigurationException;

/**
 * A fixed-point decimal: at most {@code precision} digits, exactly {@code scale} of them after the
 * point. A value with more fraction digits than {@code scale} is rejected, never rounded.
 *
 * @param precision total digits, 1 to 38
 * @param scale digits after the point, 0 to {@code precision}
 */
public record DecimalType(int precision, int scale) implements DataType {
    /** The largest precision every format can store. */
    public static final int MAX_PRECISION = 38;

    /** Validates the ranges. */
    public DecimalType {
        ConfigurationException.check(precision >= 1 && precision <= MAX_PRECISION,
                "decimal precision must be 1 to %d, got %d", MAX_PRECISION, precision);
        ConfigurationException.check(scale >= 0 && scale <= precision,
                "decimal scale must be 0 to precision (%d), got %d", precision, scale);
    }

    @Override
    public Kind kind() {
        return Kind.DECIMAL;
    }

    @Override
    public String displayName() {
        return "decimal(" + precision + "," + scale + ")";
    }
}
