package org.datasetexport;

/**
 * A setting is missing, malformed or not allowed: a builder argument, a URI, an option key or a
 * combination of settings. The message names the setting, the value (redacted when it is a secret)
 * and what is allowed. Thrown before any data is read.
 */
public class ConfigurationException extends ExportException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message names the setting, the value and what is allowed
     */
    public ConfigurationException(String message) {
        super(message);
    }

    /**
     * @param message names the setting, the value and what is allowed
     * @param cause the parse or lookup failure behind it
     */
    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Throws a {@code ConfigurationException} with a formatted message unless {@code condition}
     * holds.
     *
     * @param condition what must be true
     * @param format a {@link String#format} pattern
     * @param args its arguments
     * @throws ConfigurationException when {@code condition} is false
     */
    public static void check(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new ConfigurationException(String.format(format, args));
        }
    }

    /**
     * Rejects a null argument at the public boundary, naming the parameter.
     *
     * @param value the argument
     * @param name the parameter name used in the message
     * @param <T> the argument type
     * @return {@code value}, never null
     * @throws ConfigurationException when {@code value} is null
     */
    public static <T> T requireNonNull(T value, String name) {
        if (value == null) {
            throw new ConfigurationException(name + " must not be null");
        }
        return value;
    }
}
