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
                for (String table : tables(connection)) {
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

    /**
     * Every row of every table of the three services whose text holds one of {@code needles} (case-insensitive), as
     * "database.table: row".
     */
    static List<String> rowsHolding(List<String> needles) {
        List<String> found = new ArrayList<>();
        for (String database : DATABASES) {
            try (Connection connection = connect(database)) {
                for (String table : tables(connection)) {
                    try (PreparedStatement statement = connection.prepareStatement("SELECT t::text FROM \"" + table
                            + "\" t WHERE " + String.join(" OR ", needles.stream()
                                    .map(needle -> "strpos(lower(t::text), lower(?)) > 0").toList()))) {
                        for (int i = 0; i < needles.size(); i++) {
                            statement.setString(i + 1, needles.get(i));
                        }
                        try (ResultSet rows = statement.executeQuery()) {
                            while (rows.next()) {
                                found.add(database + "." + table + ": " + rows.getString(1));
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    /** As a fresh consumer would be: {@code database} no longer remembers applying these events. */
    static void forgetProcessed(String database, List<String> eventIds) {
        try (Connection connection = connect(database); PreparedStatement statement = connection.prepareStatement(
                "DELETE FROM processed_event WHERE event_id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("varchar", eventIds.toArray()));
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = connection.createStatement().executeQuery("SELECT table_name FROM"
                + " information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
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
