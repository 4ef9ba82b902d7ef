package io.camelgateway.conformance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects each cell's outcome and renders the matrix (scenario × provider) as Markdown. */
final class MatrixReport {

    private final Map<String, Map<String, Map<String, Boolean>>> cells = new LinkedHashMap<>();

    synchronized void record(String scenario, String provider, String mode, boolean passed) {
        cells.computeIfAbsent(scenario, s -> new LinkedHashMap<>()).computeIfAbsent(provider, p -> new LinkedHashMap<>())
                .put(mode, passed);
    }

    synchronized String markdown(List<String> providers) {
        StringBuilder out = new StringBuilder("| scenario (streamed and whole) |");
        providers.forEach(p -> out.append(' ').append(p).append(" |"));
        out.append("\n|---|");
        providers.forEach(p -> out.append(":---:|"));
        out.append('\n');
        for (Map.Entry<String, Map<String, Map<String, Boolean>>> row : cells.entrySet()) {
            out.append("| ").append(row.getKey()).append(" |");
            for (String provider : providers) {
                out.append(' ').append(cell(row.getValue().get(provider))).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String cell(Map<String, Boolean> modes) {
        if (modes == null || modes.isEmpty()) {
            return "not run";
        }
        if (modes.values().stream().allMatch(Boolean::booleanValue)) {
            return "pass";
        }
        StringBuilder failed = new StringBuilder("FAIL");
        modes.forEach((mode, passed) -> {
            if (!passed) {
                failed.append(' ').append(mode);
            }
        });
        return failed.toString();
    }
}
