package io.camelgateway.config;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which YAML files make the gateway: the fixed entry routes in the jar, plus the operator's routes. Each default
 * provider/router route ships in the jar ({@code routes/index.txt} lists them); a file of the same name in the
 * {@code routes/} folder beside the working directory wins, and extra files there are added.
 */
public final class RouteSources {


    private RouteSources() {
    }

    public static String includePattern(File routesDir) {
        List<String> sources = new ArrayList<>();
        for (String name : listed("/camel/index.txt")) {
            sources.add("classpath:camel/" + name);
        }
        Set<String> defaults = new LinkedHashSet<>(defaultRouteFiles());
        Set<String> local = new LinkedHashSet<>(localRouteFiles(routesDir));
        for (String name : defaults) {
            sources.add(local.contains(name) ? file(routesDir, name) : "classpath:routes/" + name);
        }
        for (String name : local) {
            if (!defaults.contains(name)) {
                sources.add(file(routesDir, name));
            }
        }
        return String.join(",", sources);
    }

    public static List<String> defaultRouteFiles() {
        return listed("/routes/index.txt");
    }

    /** The file names an index resource lists (a wildcard would make Camel scan every entry of the fat jar). */
    public static List<String> listed(String index) {
        List<String> names = new ArrayList<>();
        try (InputStream in = RouteSources.class.getResourceAsStream(index)) {
            if (in == null) {
                return names;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                line = line.trim();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    names.add(line);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the route index " + index, e);
        }
        return names;
    }

    static List<String> localRouteFiles(File routesDir) {
        String[] names = routesDir.isDirectory() ? routesDir.list((dir, name) -> name.endsWith(".yaml")) : null;
        if (names == null) {
            return List.of();
        }
        Arrays.sort(names);
        return Arrays.asList(names);
    }

    private static String file(File dir, String name) {
        return "file:" + new File(dir, name).getPath();
    }
}
