package dev.miaccount.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child process that dies with its parent, even when the parent is killed with -9.
 *
 * <p>The command runs under a small POSIX shell watchdog whose standard input is a pipe from this JVM. The JVM
 * never writes to it; when the JVM goes away, for whatever reason, the pipe reaches end-of-file and the watchdog
 * sends the child its stop signal. A normal {@link #close()} closes the pipe the same way, so there is one path.
 */
public final class WatchedProcess implements AutoCloseable {

    private static final String WATCHDOG = String.join("\n",
            "sig=$1; shift",
            "exec 3<&0",
            "\"$@\" </dev/null &",
            "child=$!",
            "( cat <&3 >/dev/null 2>&1; kill -s \"$sig\" \"$child\" 2>/dev/null ) &",
            "trap 'kill -s \"$sig\" \"$child\" 2>/dev/null' TERM INT HUP",
            "while :; do wait \"$child\"; status=$?; kill -0 \"$child\" 2>/dev/null || break; done",
            "exit $status");

    private final String name;
    private final Process process;
    private final Path logFile;

    private WatchedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * @param stopSignal the signal that asks this program to shut down cleanly (TERM for a JVM, INT for postgres)
     */
    public static WatchedProcess start(String name, List<String> command, Map<String, String> environment,
            Path logFile, String stopSignal) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", WATCHDOG, "watchdog", stopSignal));
        wrapped.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(wrapped)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            return new WatchedProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The last lines of the process's log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public boolean logContains(String text) {
        try {
            return Files.exists(logFile) && Files.readString(logFile, StandardCharsets.ISO_8859_1).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** Asks the program to stop and waits for it; forces it after the grace period. */
    public void stop(Duration grace) {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed: the watchdog has been told
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    /** Fails with the log's tail when the process has exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; last log lines ("
                    + logFile + "):\n" + logTail(40));
        }
    }
}
