package dev.miaccount.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a JVM's start-up and memory are made of, from {@code jcmd}: the figures alone (seconds, RSS) do not say which
 * part a lever should aim at.
 */
final class JvmFacts {

    private static final Pattern PART = Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)");

    private static final Pattern LOADED_CLASSES = Pattern.compile("java\\.cls\\.loadedClasses=(\\d+)");

    private JvmFacts() {
    }

    /** The CPU the JVM has used since its launch and the classes it has loaded: what a start-up is spent on. */
    static String startUpCost(long pid) {
        String counters = jcmd(pid, "PerfCounter.print");
        Matcher loaded = LOADED_CLASSES.matcher(counters);
        return String.format(Locale.ROOT, "%.2f CPU s since launch (all its threads), %s classes loaded",
                CpuUse.processCpuSeconds(pid), loaded.find() ? loaded.group(1) : "?");
    }

    /**
     * The committed MB of each part of the JVM's memory (heap, metaspace, code cache, ...), the parts over 1 MB
     * largest first, when it runs with {@code -XX:NativeMemoryTracking=summary}; or why there is none.
     */
    static String nativeMemory(long pid) {
        String out = jcmd(pid, "VM.native_memory", "summary");
        if (!out.contains("Native Memory Tracking:") || out.contains("not enabled")) {
            return "not tracked (start the services with -XX:NativeMemoryTracking=summary)";
        }
        java.util.Map<String, Long> parts = new java.util.LinkedHashMap<>();
        for (String line : out.split("\n")) {
            Matcher m = PART.matcher(line.trim());
            if (m.find()) {
                parts.put(m.group(1), Long.parseLong(m.group(2)));
            }
        }
        StringBuilder text = new StringBuilder();
        parts.entrySet().stream().filter(e -> e.getValue() >= 1024)
                .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> text.append(text.isEmpty() ? "" : ", ")
                        .append(String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue() / 1024.0)));
        long total = parts.values().stream().mapToLong(Long::longValue).sum();
        return String.format(Locale.ROOT, "committed %.0f MB = %s", total / 1024.0, text);
    }

    private static String jcmd(long pid, String... command) {
        java.util.List<String> line = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        line.addAll(java.util.List.of(command));
        try {
            Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "jcmd failed: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "jcmd interrupted";
        }
    }
}
