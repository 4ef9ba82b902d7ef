package io.camelgateway.provider.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Loads Google credentials through {@code google-auth-library-oauth2-http}: a credentials JSON file (service account,
 * authorized user, workload identity federation...) or the application-default credentials. Every problem is told
 * with the file's name and what is wrong with it, never with the file's contents: the library's own messages may
 * quote the file, so they are not passed on.
 */
public final class GoogleCredentialsLoader {

    public static final List<String> SCOPES = List.of("https://www.googleapis.com/auth/cloud-platform");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_FILE_BYTES = 1 << 20;
    private static final Set<String> TYPES = Set.of("service_account", "authorized_user", "external_account",
            "impersonated_service_account", "external_account_authorized_user", "gdch_service_account");

    private GoogleCredentialsLoader() {
    }

    /** Loaded credentials, scoped for Vertex AI, with the project the file names (null when it names none). */
    public record Loaded(GoogleCredentials credentials, String projectId, String description) {
    }

    /** The credentials of a JSON file; {@code setting} names where the file was configured (for the message). */
    public static Loaded fromFile(Path file, String setting) throws GoogleCredentialsException {
        String named = "Google credentials file " + file + " (" + setting + ")";
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new GoogleCredentialsException(named + " is a directory, not a file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new GoogleCredentialsException(named + " is larger than a credentials file can be");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new GoogleCredentialsException(named + " does not exist");
        } catch (IOException | SecurityException e) {
            throw new GoogleCredentialsException(named + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        JsonNode json;
        try {
            json = JSON.readTree(bytes);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            throw new GoogleCredentialsException(named + " is not a JSON object (a service-account key file or "
                    + "the output of gcloud auth application-default login is expected)");
        }
        String type = json.path("type").asText("");
        if (!TYPES.contains(type)) {
            throw new GoogleCredentialsException(named + " is not a Google credentials file: its \"type\" is "
                    + (type.isEmpty() ? "missing" : "not one of " + String.join(", ", TYPES.stream().sorted().toList())));
        }
        GoogleCredentials credentials;
        try {
            credentials = GoogleCredentials.fromStream(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new GoogleCredentialsException(named + " is a " + type + " file the Google auth library could not "
                    + "load (a required field missing or a private key that does not parse)");
        }
        String project = json.path("project_id").asText(null);
        if (project == null && json.hasNonNull("quota_project_id")) {
            project = json.get("quota_project_id").asText();
        }
        return new Loaded(credentials.createScoped(SCOPES), blankToNull(project), type + " file " + file);
    }

    /** The application-default credentials (gcloud's file, or the metadata server on Google Cloud). May block. */
    public static Loaded applicationDefault() throws GoogleCredentialsException {
        GoogleCredentials credentials;
        try {
            credentials = GoogleCredentials.getApplicationDefault();
        } catch (IOException | RuntimeException e) {
            throw new GoogleCredentialsException("No Google application-default credentials were found: set "
                    + "GOOGLE_APPLICATION_CREDENTIALS (gateway.vertex.credentials-file) to a service-account key "
                    + "file, or run gcloud auth application-default login");
        }
        String project = credentials instanceof ServiceAccountCredentials account ? account.getProjectId() : null;
        if (project == null) {
            project = credentials.getQuotaProjectId();
        }
        return new Loaded(credentials.createScoped(SCOPES), blankToNull(project), "application-default credentials");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }
}
