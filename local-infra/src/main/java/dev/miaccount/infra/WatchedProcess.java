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
 *
 * <p>A terminal's Ctrl-C (SIGINT, or SIGHUP when it closes) reaches every process of the foreground group at once.
 * It must not stop the broker and the database while the services still use them: the watchdog ignores those
 * signals and starts the command in a session of its own ({@code setsid}), so only the parent decides when and in
 * which order its children stop.
 */
public final class WatchedProcess implements AutoCloseable {

    private static final String WATCHDOG = String.join("\n",
            "sig=$1; shift",
            "trap '' INT HUP QUIT",
            "exec 3<&0",
            "if command -v setsid >/dev/null 2>&1; then setsid \"$@\" </dev/null & else \"$@\" </dev/null & fi",
            "child=$!",
            "( cat <&3 >/dev/null 2>&1; kill -s \"$sig\" \"$child\" 2>/dev/null ) &",
            "trap 'kill -s \"$sig\" \"$child\" 2>/dev/null' TERM",
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

    /** The exit status of the watched program; only once it has exited. */
    public int exitValue() {
        return process.exitValue();
    }

    /** The watched program itself (not its watchdog), once it runs. */
    public ProcessHandle program() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (ProcessHandle child : process.children().toList()) {
                String command = child.info().command().orElse("");
                if (!command.endsWith("sh") && !command.endsWith("setsid") && !command.endsWith("cat")) {
                    return child;
                }
            }
            if (!process.isAlive()) {
                break;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException(name + ": its program is not running");
    }

    /** Sends the program a signal (KILL, QUIT, ...), as an operator with {@code kill -s} would. */
    public void signal(String signal) {
        long pid = program().pid();
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).inheritIO().start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code kill -9} of the program: no shutdown, no goodbye; waits until the watchdog has seen it go. */
    public void kill() {
        signal("KILL");
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            process.getOutputStream().close(); // ends the watchdog's pipe reader too
        } catch (IOException ignored) {
            // already closed
        }
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
        return logContains(text, 0);
    }

    /** Whether the log holds {@code text} after its first {@code offset} bytes (what an earlier run wrote). */
    public boolean logContains(String text, long offset) {
        try {
            if (!Files.exists(logFile)) {
                return false;
            }
            String all = Files.readString(logFile, StandardCharsets.ISO_8859_1);
            return all.indexOf(text, (int) Math.min(offset, all.length())) >= 0;
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
