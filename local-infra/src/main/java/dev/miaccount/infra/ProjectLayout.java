package dev.miaccount.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository's top directory, where the modules' build output lives. */
public final class ProjectLayout {

    private ProjectLayout() {
    }

    /** {@code MIACCOUNT_HOME} when set, else the nearest directory upwards holding {@code kafka-broker/pom.xml}. */
    public static Path root() {
        String configured = System.getenv("MIACCOUNT_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("kafka-broker/pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the project's top directory from " + Path.of("").toAbsolutePath()
                + "; set MIACCOUNT_HOME");
    }

    public static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
