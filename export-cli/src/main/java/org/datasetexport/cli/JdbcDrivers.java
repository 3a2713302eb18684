package org.datasetexport.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.datasetexport.ConfigurationException;

/**
 * JDBC drivers beyond the two in the jar (H2, PostgreSQL): {@code --driver-path} names a driver
 * jar or a folder of jars; the driver that accepts the URL is found through the jars'
 * {@code META-INF/services/java.sql.Driver}, as {@code DriverManager} would.
 */
final class JdbcDrivers {
    private JdbcDrivers() {
    }

    /**
     * @param where the option or key, for messages
     * @param driverPath a jar or a folder of jars
     * @param url the JDBC URL the driver must accept
     * @return the driver (its class loader stays open for the life of the process)
     * @throws ConfigurationException when the path holds no jar or no driver accepts the URL
     */
    static Driver load(String where, Path driverPath, String url) {
        List<URL> jars = new ArrayList<>();
        try {
            if (Files.isDirectory(driverPath)) {
                try (Stream<Path> files = Files.list(driverPath)) {
                    for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                        jars.add(p.toUri().toURL());
                    }
                }
            } else if (Files.isRegularFile(driverPath)) {
                jars.add(driverPath.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new ConfigurationException(where + ": cannot use " + driverPath + " (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ConfigurationException(where + ": cannot list " + driverPath + " (" + e.getClass().getSimpleName() + ")", e);
        }
        ConfigurationException.check(!jars.isEmpty(), "%s: %s is neither a jar nor a folder holding jars", where, driverPath);
        URLClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), JdbcDrivers.class.getClassLoader());
        List<String> found = new ArrayList<>();
        for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
            found.add(driver.getClass().getName());
            try {
                if (driver.acceptsURL(url)) {
                    return driver;
                }
            } catch (SQLException e) {
                // not this one
            }
        }
        throw new ConfigurationException(where + ": no driver in " + driverPath + " accepts the URL "
                + url.substring(0, Math.min(url.length(), url.indexOf(':', 5) < 0 ? url.length() : url.indexOf(':', 5)))
                + ":… (drivers found: " + (found.isEmpty() ? "none" : String.join(", ", found)) + ")");
    }
}
