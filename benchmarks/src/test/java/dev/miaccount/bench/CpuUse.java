package dev.miaccount.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the machine's CPU went during one part of the run, per operation: the measured reason a rate stops where it
 * does. Reads Linux's {@code /proc/stat} (the whole machine) and {@code /proc/<pid>/stat} (each named process, all
 * its threads); what is neither a named process nor this JVM is Kafka, PostgreSQL and the rest of the machine.
 */
final class CpuUse {

    /** Clock ticks per second of /proc's counters: USER_HZ, 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Map<String, Long> pids;
    private final long machineBusy;
    private final long machineTotal;
    private final Map<String, Long> processTicks = new LinkedHashMap<>();
    private final long compilerTicks;
    private final long startedNanos = System.nanoTime();

    private CpuUse(Map<String, Long> pids) {
        this.pids = pids;
        long[] machine = machineTicks();
        this.machineBusy = machine[0];
        this.machineTotal = machine[1];
        pids.forEach((name, pid) -> processTicks.put(name, processTicks(pid)));
        processTicks.put("load generator + event readers (this JVM)", processTicks(ProcessHandle.current().pid()));
        this.compilerTicks = compilerTicks(pids);
    }

    /** Starts counting; {@code pids} names the processes to show on their own (a service's JVM, the bare app). */
    static CpuUse start(Map<String, Long> pids) {
        return new CpuUse(pids);
    }

    /** What was used since the start, per operation, as one line; and the rate the CPU alone would allow. */
    Result per(long operations) {
        long[] machine = machineTicks();
        double busyTicks = machine[0] - machineBusy;
        double totalTicks = machine[1] - machineTotal;
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        Map<String, Double> msPerOperation = new LinkedHashMap<>();
        double named = 0;
        for (Map.Entry<String, Long> entry : processTicks.entrySet()) {
            long pid = entry.getKey().endsWith("(this JVM)") ? ProcessHandle.current().pid() : pids.get(entry.getKey());
            double ticks = processTicks(pid) - entry.getValue();
            named += ticks;
            msPerOperation.put(entry.getKey(), ticks / TICKS_PER_SECOND * 1000 / Math.max(1, operations));
        }
        msPerOperation.put("Kafka, PostgreSQL and the rest of the machine",
                Math.max(0, busyTicks - named) / TICKS_PER_SECOND * 1000 / Math.max(1, operations));
        double compilerMs = (compilerTicks(pids) - compilerTicks) / TICKS_PER_SECOND * 1000 / Math.max(1, operations);
        return new Result(operations, seconds, totalTicks == 0 ? 0 : busyTicks / totalTicks, msPerOperation,
                compilerMs);
    }

    /**
     * @param busy           the machine's busy share of all its cores over the period (1.0 = every core all the time)
     * @param msPerOperation CPU milliseconds each part spent per operation
     * @param compilerMs     of the named processes' share, what their JIT compiler threads spent per operation: a
     *                       path still being compiled costs several times what it costs once compiled
     */
    record Result(long operations, double seconds, double busy, Map<String, Double> msPerOperation,
            double compilerMs) {

        double totalMsPerOperation() {
            return msPerOperation.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        /** Operations per second the machine's cores could give if the CPU were the only limit. */
        double cpuBoundRate() {
            return Runtime.getRuntime().availableProcessors() * 1000 / totalMsPerOperation();
        }

        double msPerOperation(String part) {
            return msPerOperation.getOrDefault(part, 0.0);
        }

        @Override
        public String toString() {
            StringBuilder parts = new StringBuilder();
            msPerOperation.forEach((part, ms) -> parts.append(parts.isEmpty() ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.2f", part, ms)));
            return String.format(Locale.ROOT, "CPU busy %.0f%% of %d cores over %.1f s; CPU ms per operation "
                    + "(n=%d): %.2f in all = %s (of the services' and the dashboard's, JIT compiler threads %.2f); "
                    + "the cores alone would allow %.0f/s", busy * 100, Runtime.getRuntime().availableProcessors(),
                    seconds, operations, totalMsPerOperation(), parts, compilerMs, cpuBoundRate());
        }
    }

    /** {busy, total} ticks of all cores since boot. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return new long[] {busy, busy + idle};
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/stat (Linux only)", e);
        }
    }

    /** CPU seconds a process has used since it started, all its threads. */
    static double processCpuSeconds(long pid) {
        return processTicks(pid) / TICKS_PER_SECOND;
    }

    /** utime + stime of a process, all its threads; 0 once it is gone. */
    private static long processTicks(long pid) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /** utime + stime of the HotSpot JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre") of the processes. */
    private static long compilerTicks(Map<String, Long> pids) {
        long ticks = 0;
        for (long pid : pids.values()) {
            try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    String name = readOrEmpty(task.resolve("comm"));
                    if (name.contains("CompilerThre")) {
                        ticks += ticks(task.resolve("stat"));
                    }
                }
            } catch (IOException e) {
                // gone: counts nothing
            }
        }
        return ticks;
    }

    /** utime + stime from a stat file of /proc (a process or one thread); 0 once it is gone. */
    private static long ticks(Path stat) {
        String line = readOrEmpty(stat);
        if (line.isEmpty()) {
            return 0;
        }
        // The command name may hold spaces; the fields after it start after its closing parenthesis.
        String[] f = line.substring(line.lastIndexOf(')') + 2).trim().split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
