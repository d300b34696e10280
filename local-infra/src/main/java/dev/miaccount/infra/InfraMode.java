package dev.miaccount.infra;

import java.util.Locale;

/**
 * How Kafka and PostgreSQL are provided when the environment names none: embedded processes (Linux x86-64, no
 * Docker needed) or containers (Testcontainers; anywhere Docker runs). Asked with the system property
 * {@code miaccount.infra} or the environment variable {@code MIACCOUNT_INFRA} ({@code embedded} or
 * {@code containers}); by default embedded where the embedded PostgreSQL can run, containers elsewhere.
 */
public enum InfraMode {
    EMBEDDED("embedded processes"),
    CONTAINERS("containers");

    private final String description;

    InfraMode(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** The mode asked for, or the one this platform can run. */
    public static InfraMode current() {
        String asked = System.getProperty("miaccount.infra");
        if (asked == null || asked.isBlank()) {
            asked = System.getenv("MIACCOUNT_INFRA");
        }
        if (asked != null && !asked.isBlank()) {
            return switch (asked.trim().toLowerCase(Locale.ROOT)) {
                case "embedded" -> EMBEDDED;
                case "containers" -> CONTAINERS;
                default -> throw new IllegalArgumentException(
                        "miaccount.infra / MIACCOUNT_INFRA is '" + asked + "': use embedded or containers");
            };
        }
        return embeddedRunsHere() ? EMBEDDED : CONTAINERS;
    }

    /** zonky's PostgreSQL binaries in this build are Linux x86-64 ones (Kafka would run anywhere: it is Java). */
    public static boolean embeddedRunsHere() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }
}
