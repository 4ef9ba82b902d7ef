package io.camelgateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

/** Every shipped YAML route parses, holds exactly one route with an explicit id, and is listed in the index. */
class RouteFilesTest {

    @Test
    void everyRouteFileParsesAndHoldsOneRouteWithAnExplicitId() throws Exception {
        List<Path> files;
        try (Stream<Path> found = Files.list(Path.of("routes"))) {
            files = found.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 3);
        for (Path file : files) {
            try (CamelContext camel = new DefaultCamelContext()) {
                Resource resource = ResourceHelper.resolveMandatoryResource(camel, "file:" + file);
                PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
                List<RouteDefinition> routes = ((ModelCamelContext) camel).getRouteDefinitions();
                assertEquals(1, routes.size(), file + " must hold exactly one route");
                String id = routes.get(0).getRouteId();
                assertTrue(id != null && file.getFileName().toString().startsWith(id), file + " id " + id);
            }
        }
    }

    @Test
    void theDefaultRouteIndexListsExactlyTheShippedRoutes() throws Exception {
        List<String> onDisk;
        try (Stream<Path> found = Files.list(Path.of("routes"))) {
            onDisk = found.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertEquals(onDisk, RouteSources.defaultRouteFiles().stream().sorted().toList());
    }

    @Test
    void theFixedRouteIndexListsExactlyTheJarsEntryRoutes() throws Exception {
        List<String> onDisk;
        try (Stream<Path> found = Files.list(Path.of("src/main/resources/camel"))) {
            onDisk = found.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
        assertEquals(onDisk, RouteSources.listed("/camel/index.txt").stream().sorted().toList());
    }

    @Test
    void aLocalRouteFileOverridesTheJarsAndExtraFilesAreAdded() throws Exception {
        Path dir = Files.createTempDirectory("routes");
        Files.writeString(dir.resolve("provider-anthropic.yaml"), "- route: {id: provider-anthropic}\n");
        Files.writeString(dir.resolve("provider-groq.yaml"), "- route: {id: provider-groq}\n");

        String pattern = RouteSources.includePattern(dir.toFile());

        assertTrue(pattern.contains("file:" + new File(dir.toFile(), "provider-anthropic.yaml").getPath()));
        assertTrue(pattern.contains("classpath:routes/provider-openai.yaml"));
        assertTrue(pattern.contains("file:" + new File(dir.toFile(), "provider-groq.yaml").getPath()));
        assertTrue(!pattern.contains("classpath:routes/provider-anthropic.yaml"));
    }
}
