package dev.seedframe.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

/**
 * A second process that takes a project's write lock and keeps it until its standard input closes: a
 * Seedframe window in the middle of a long write.
 */
public final class LockHolder {

    private LockHolder() {}

    public static void main(String[] args) throws Exception {
        try (Connection c = RawSqlite.connect(Path.of(args[0])); Statement s = c.createStatement()) {
            s.execute("BEGIN EXCLUSIVE");
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the lock until the test closes our input
            }
            s.execute("ROLLBACK");
        }
        System.out.println("released");
        System.out.flush();
    }
}
