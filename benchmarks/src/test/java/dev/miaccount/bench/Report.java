package dev.miaccount.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The run's figures beside their floors: printed, and written as JSON and an SVG chart under target/. */
final class Report {

    /**
     * One figure. {@code ratio} compares it with its floor the way its goal is stated (figure/floor for a latency,
     * figure/floor for a rate too: read with the goal beside it); {@code met} is null where no goal applies.
     */
    record Row(String what, String figure, String floor, double ratio, String goal, Boolean met) {
    }

    /** One step of the open loop. */
    record Step(double offeredPerSecond, double achievedPerSecond, int flows, int failed, Stats latency) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    void row(String what, String figure, String floor, double ratio, String goal, Boolean met) {
        Row row = new Row(what, figure, floor, ratio, goal, met);
        rows.add(row);
        System.out.printf(Locale.ROOT, "[bench] %s: %s | floor %s | ratio %.2f | goal %s%s%n", what, figure, floor,
                ratio, goal, met == null ? "" : met ? " MET" : " NOT MET");
    }

    void step(Step step) {
        steps.add(step);
        System.out.printf(Locale.ROOT, "[bench] open loop %.0f flows/s offered: %.1f/s achieved, %d flows, %d failed, %s%n",
                step.offeredPerSecond(), step.achievedPerSecond(), step.flows(), step.failed(), step.latency());
    }

    void note(String key, Object value) {
        extra.put(key, value);
        System.out.printf(Locale.ROOT, "[bench] %s: %s%n", key, value);
    }

    void print() {
        String line = "-".repeat(180);
        StringBuilder out = new StringBuilder("\n").append(line).append('\n');
        out.append(String.format(Locale.ROOT, "%-58s %-40s %-36s %7s  %s%n", "what", "figure", "floor", "ratio",
                "goal"));
        out.append(line).append('\n');
        for (Row row : rows) {
            out.append(String.format(Locale.ROOT, "%-58s %-40s %-36s %7.2f  %s%s%n", row.what(), row.figure(),
                    row.floor(), row.ratio(), row.goal(), row.met() == null ? "" : row.met() ? "  ✔" : "  ✘"));
        }
        out.append(line).append('\n');
        extra.forEach((k, v) -> out.append(k).append(": ").append(v).append('\n'));
        System.out.println(out);
    }

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("benchmark.json"), json());
        Files.writeString(dir.resolve("latency-vs-load.svg"), svg());
        System.out.println("[bench] written: " + dir.resolve("benchmark.json") + ", " + dir.resolve("latency-vs-load.svg"));
    }

    private String json() {
        StringBuilder json = new StringBuilder("{\n  \"rows\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            json.append(String.format(Locale.ROOT,
                    "    {\"what\": %s, \"figure\": %s, \"floor\": %s, \"ratio\": %s, \"goal\": %s, \"met\": %s}%s%n",
                    str(r.what()), str(r.figure()), str(r.floor()), num(r.ratio()), str(r.goal()), r.met(),
                    i < rows.size() - 1 ? "," : ""));
        }
        json.append("  ],\n  \"openLoop\": [\n");
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            json.append(String.format(Locale.ROOT,
                    "    {\"offeredPerSecond\": %s, \"achievedPerSecond\": %s, \"flows\": %d, \"failed\": %d, "
                            + "\"p50Ms\": %s, \"p99Ms\": %s, \"maxMs\": %s}%s%n",
                    num(s.offeredPerSecond()), num(s.achievedPerSecond()), s.flows(), s.failed(),
                    num(s.latency().p50()), num(s.latency().p99()), num(s.latency().max()),
                    i < steps.size() - 1 ? "," : ""));
        }
        json.append("  ],\n  \"notes\": {\n");
        List<String> keys = new ArrayList<>(extra.keySet());
        for (int i = 0; i < keys.size(); i++) {
            Object v = extra.get(keys.get(i));
            json.append("    ").append(str(keys.get(i))).append(": ")
                    .append(v instanceof Number n ? num(n.doubleValue()) : str(String.valueOf(v)))
                    .append(i < keys.size() - 1 ? ",\n" : "\n");
        }
        return json.append("  }\n}\n").toString();
    }

    private static String num(double d) {
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : "null";
    }

    private static String str(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Latency (p50 and p99, log scale) against offered load, one point per step of the open loop. */
    private String svg() {
        int w = 720;
        int h = 420;
        int left = 70;
        int right = 20;
        int top = 40;
        int bottom = 60;
        double maxRate = steps.stream().mapToDouble(Step::offeredPerSecond).max().orElse(1) * 1.1;
        double minMs = 1;
        double maxMs = Math.max(2000, steps.stream().mapToDouble(s -> s.latency().p99()).filter(Double::isFinite)
                .max().orElse(1000) * 1.5);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", w, h));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">Deletion flow, request due → alert "
                + "recorded, against offered load (open loop)</text>%n", left));
        double plotW = w - left - right;
        double plotH = h - top - bottom;
        java.util.function.DoubleUnaryOperator x = r -> left + r / maxRate * plotW;
        java.util.function.DoubleUnaryOperator y = ms -> top + plotH
                - (Math.log10(Math.max(ms, minMs)) - Math.log10(minMs)) / (Math.log10(maxMs) - Math.log10(minMs)) * plotH;
        for (double ms = 1; ms <= maxMs; ms *= 10) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s ms</text>%n", left, w - right, y.applyAsDouble(ms),
                    y.applyAsDouble(ms), left - 5, y.applyAsDouble(ms) + 4, ms >= 1000 ? (int) (ms / 1000) + "000" : (int) ms));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c00\" "
                + "stroke-dasharray=\"4 3\"/><text x=\"%d\" y=\"%.1f\" fill=\"#c00\">1 s (the loop stops above it)</text>%n",
                left, w - right, y.applyAsDouble(1000), y.applyAsDouble(1000), left + 5, y.applyAsDouble(1000) - 4));
        for (int i = 0; i <= 5; i++) {
            double r = maxRate * i / 5;
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.0f</text>%n",
                    x.applyAsDouble(r), h - bottom + 18, r));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">offered flows/s</text>%n",
                left + plotW / 2, h - 15));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                + "stroke=\"#888\"/>%n", left, top, plotW, plotH));
        polyline(svg, x, y, true, "#1f77b4");
        polyline(svg, x, y, false, "#d62728");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#1f77b4\">● p50</text>"
                + "<text x=\"%d\" y=\"%d\" fill=\"#d62728\">● p99</text>%n", w - 160, top + 18, w - 100, top + 18));
        return svg.append("</svg>\n").toString();
    }

    private void polyline(StringBuilder svg, java.util.function.DoubleUnaryOperator x,
            java.util.function.DoubleUnaryOperator y, boolean median, String colour) {
        StringBuilder points = new StringBuilder();
        for (Step s : steps) {
            double ms = median ? s.latency().p50() : s.latency().p99();
            if (!Double.isFinite(ms)) {
                continue;
            }
            double px = x.applyAsDouble(s.offeredPerSecond());
            double py = y.applyAsDouble(ms);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", px, py, colour));
        }
        svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\"/>%n", points, colour));
    }
}
