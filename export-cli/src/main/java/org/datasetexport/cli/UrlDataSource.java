package org.datasetexport.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A JDBC URL with an optional user and password, as a {@link DataSource}; its toString names the
 * URL only. The driver is the one {@code DriverManager} finds (those in the jar), or one loaded
 * from {@code --driver-path}, called directly (DriverManager refuses drivers of other class loaders).
 */
final class UrlDataSource implements DataSource {
    private final String url;
    private final String user;
    private final String password;
    private final Driver driver;

    UrlDataSource(String url, String user, String password) {
        this(url, user, password, null);
    }

    UrlDataSource(String url, String user, String password, Driver driver) {
        this.url = url;
        this.user = user;
        this.password = password;
        this.driver = driver;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        if (driver == null) {
            return username == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, username, pass);
        }
        Properties info = new Properties();
        if (username != null) {
            info.setProperty("user", username);
        }
        if (pass != null) {
            info.setProperty("password", pass);
        }
        Connection c = driver.connect(url, info);
        if (c == null) {
            throw new SQLException("the driver " + driver.getClass().getName() + " does not accept this URL");
        }
        return c;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }

    @Override
    public String toString() {
        return "UrlDataSource[" + url + "]";
    }
}
