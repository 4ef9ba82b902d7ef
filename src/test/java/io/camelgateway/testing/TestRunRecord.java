package io.camelgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a test run leaves behind for {@code SecretsLeakIT}, under {@code target/test-run/}: every secret the tests
 * created or gave a gateway ({@code secrets.txt}, one {@code kind<TAB>value} a line), every place outside it where a
 * gateway process wrote ({@code places.txt}: explicit work directories, H2 database directories), each gateway
 * process's log ({@code logs/}) and default work directory ({@code gateways/}). Appends are whole lines under a file
 * lock, so concurrent tests and test JVMs can record at once. The directory is emptied when a build's tests begin
 * (pom.xml), so one run's record describes that run.
 */
public final class TestRunRecord {

    /** Secrets shorter than this are placeholders ({@code EMPTY}), not secrets; the gateway's redactor agrees. */
    static final int MIN_SECRET_LENGTH = 8;
    private static final Pattern VIRTUAL_KEY = Pattern.compile("sk-gw-[A-Za-z0-9_-]{43}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(_KEY|_TOKEN|_PEPPER|_PASSWORD|_SECRET)");
    /** Settings whose name looks secret but whose value is a file's path, which the startup log names on purpose. */
    private static final Set<String> FILE_PATHS = Set.of("GATEWAY_TLS_KEY");
    private static final Set<String> RECORDED = ConcurrentHashMap.newKeySet();

    private TestRunRecord() {
    }

    /** {@code target/test-run} of the project under test. */
    public static Path dir() {
        return Path.of(System.getProperty("basedir", "."), "target", "test-run").toAbsolutePath().normalize();
    }

    public static Path secretsFile() {
        return dir().resolve("secrets.txt");
    }

    public static Path placesFile() {
        return dir().resolve("places.txt");
    }

    /** Records a secret (a provider key, an admin token, a pepper, a virtual key), once; short values are ignored. */
    public static void secret(String kind, String value) {
        if (value == null || value.strip().length() < MIN_SECRET_LENGTH || value.contains("\n")) {
            return;
        }
        if (RECORDED.add(value.strip())) {
            append(secretsFile(), kind.replace('\t', ' ') + "\t" + value.strip());
        }
    }

    /**
     * Records a setting given to a gateway process when its name says it holds a secret ({@code OPENAI_API_KEY},
     * {@code GATEWAY_ADMIN_TOKEN}, {@code gateway.keys.pepper}, {@code gateway.db.password}…).
     */
    public static void setting(String source, String name, String value) {
        String variable = name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        if (SECRET_NAME.matcher(variable).matches() && !FILE_PATHS.contains(variable)) {
            secret(source + " " + name, value);
        }
    }

    /** Records every virtual key ({@code sk-gw-…}) in a gateway's answer, e.g. of POST /admin/keys or a rotation. */
    public static void issuedKeys(String answer) {
        if (answer == null) {
            return;
        }
        Matcher keys = VIRTUAL_KEY.matcher(answer);
        while (keys.find()) {
            secret("virtual key", keys.group());
        }
    }

    /** Records a directory or file outside {@code target/test-run} that a gateway process writes to. */
    public static void place(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        if (!absolute.startsWith(dir()) && RECORDED.add("place:" + absolute)) {
            append(placesFile(), absolute.toString());
        }
    }

    /** Records the directory of an H2 file database named by a JDBC URL ({@code jdbc:h2:file:/tmp/x/gateway;…}). */
    public static void database(String jdbcUrl, Path workDir) {
        String prefix = "jdbc:h2:file:";
        if (jdbcUrl == null || !jdbcUrl.startsWith(prefix)) {
            return;
        }
        String file = jdbcUrl.substring(prefix.length()).split(";", 2)[0];
        Path path = workDir.resolve(file);
        place(path.getParent() == null ? workDir : path.getParent());
    }

    /** Every line of a record file; none when it does not exist. */
    public static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized void append(Path file, String line) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
                 FileLock ignored = channel.lock()) {
                ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record in " + file, e);
        }
    }
}
