package dev.seedframe.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain JDBC on a project file, for tests that look under the store's API. */
final class RawSqlite {

    private RawSqlite() {}

    static Connection connect(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** The first column of every row. */
    static List<String> column(Path file, String sql) throws SQLException {
        try (Connection c = connect(file)) {
            return column(c, sql);
        }
    }

    static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    static long number(Path file, String sql) throws SQLException {
        return Long.parseLong(column(file, sql).get(0));
    }

    static void exec(Path file, String sql) throws SQLException {
        try (Connection c = connect(file); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
