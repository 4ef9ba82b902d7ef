package io.camelgateway.secrets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.camelgateway.testing.TestRunRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs last in {@code mvn verify} (its own failsafe execution, after every other test): no secret a test created or
 * gave a gateway (virtual keys, provider keys, admin tokens, peppers; see {@code TestRunRecord}) appears in any
 * gateway log or H2 database file the run left, nor in {@code ./data}. A failure names the secret's kind and the file,
 * never the secret.
 */
class SecretsLeakIT {

    private static final List<String> SCANNED_SUFFIXES = List.of(".log", ".mv.db", ".trace.db", ".h2.db");

    private record Recorded(int line, String kind, String value) {
    }

    @Test
    void noRecordedSecretIsInAGatewayLogOrDatabaseOfThisRun() throws IOException {
        List<Recorded> secrets = recordedSecrets();
        if (secrets.isEmpty()) {
            assertFalse("true".equalsIgnoreCase(System.getenv("CI")), "No secret was recorded in "
                    + TestRunRecord.secretsFile() + ": the test helpers' recording is broken, so this check proves nothing");
            assumeFalse(true, "no secrets recorded (only part of the tests ran?)");
        }
        List<Path> files = scannedFiles();
        assertFalse(files.isEmpty(), "no gateway log or database file found under " + TestRunRecord.dir());
        List<String> leaks = new ArrayList<>();
        for (Path file : files) {
            // ISO-8859-1 maps every byte to one char, so an ASCII secret is found whatever else the file holds
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (Recorded secret : secrets) {
                if (content.contains(secret.value())) {
                    leaks.add("the " + secret.kind() + " recorded on line " + secret.line() + " of "
                            + TestRunRecord.secretsFile().getFileName() + " is in " + file);
                }
            }
        }
        assertTrue(leaks.isEmpty(), leaks.size() + " secret(s) leaked into " + files.size() + " scanned files:\n"
                + String.join("\n", leaks));
    }

    private static List<Recorded> recordedSecrets() {
        List<Recorded> secrets = new ArrayList<>();
        List<String> lines = TestRunRecord.lines(TestRunRecord.secretsFile());
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).split("\t", 2);
            if (parts.length == 2 && !parts[1].isBlank()) {
                secrets.add(new Recorded(i + 1, parts[0], parts[1]));
            }
        }
        return secrets;
    }

    /** Gateway logs and H2 files under the run's directory, the places tests recorded, and ./data. */
    private static List<Path> scannedFiles() throws IOException {
        Set<Path> roots = new LinkedHashSet<>();
        roots.add(TestRunRecord.dir());
        TestRunRecord.lines(TestRunRecord.placesFile()).stream().filter(line -> !line.isBlank())
                .map(Path::of).forEach(roots::add);
        roots.add(Path.of(System.getProperty("basedir", "."), "data").toAbsolutePath().normalize());
        Set<Path> files = new LinkedHashSet<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).filter(SecretsLeakIT::scanned).forEach(files::add);
            }
        }
        return new ArrayList<>(files);
    }

    private static boolean scanned(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return SCANNED_SUFFIXES.stream().anyMatch(name::endsWith);
    }
}
