package dev.miaccount.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.miaccount.infra.PostgresEndpoint;
import dev.miaccount.testing.SystemUnderTest;

/** Reads the services' own databases the way an operator with psql would: counts, and a fingerprint of each table. */
final class ServiceDatabases {

    static final List<String> DATABASES = List.of("account", "device", "notification");
    /** Renewed every second by the relay holder: time, not an effect. */
    private static final Set<String> CHURNING = Set.of("outbox_relay_lease", "flyway_schema_history");

    private ServiceDatabases() {
    }

    /** database.table → "rows:fingerprint" for every table of the three services but the lease. */
    static Map<String, String> fingerprint() {
        Map<String, String> all = new TreeMap<>();
        for (String database : DATABASES) {
            try (Connection connection = connect(database)) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rows = connection.createStatement().executeQuery("SELECT table_name FROM"
                        + " information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
                for (String table : tables) {
                    if (CHURNING.contains(table)) {
                        continue;
                    }
                    try (ResultSet rows = connection.createStatement().executeQuery("SELECT count(*), coalesce(md5("
                            + "string_agg(md5(t::text), '' ORDER BY md5(t::text))), '') FROM \"" + table + "\" t")) {
                        rows.next();
                        all.put(database + "." + table, rows.getLong(1) + ":" + rows.getString(2));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return all;
    }

    /** The first column of the first row of {@code sql}, as a number. */
    static long number(String database, String sql, Object... parameters) {
        try (Connection connection = connect(database); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code consumer} (its channel) has applied, or skipped as known, the event. */
    static boolean processed(String database, String consumer, String eventId) {
        return number(database, "SELECT count(*) FROM processed_event WHERE consumer = ? AND event_id = ?", consumer,
                eventId) == 1;
    }

    private static Connection connect(String database) throws SQLException {
        PostgresEndpoint postgres = SystemUnderTest.stack().infrastructure().postgres();
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
    }
}
