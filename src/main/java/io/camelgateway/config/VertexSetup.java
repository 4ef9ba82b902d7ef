package io.camelgateway.config;

import io.camelgateway.provider.google.GoogleAccessTokens;
import io.camelgateway.provider.google.GoogleCredentialsLoader;
import io.camelgateway.provider.vertex.VertexAuth;
import io.camelgateway.settings.SettingsReader;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's Google identity for Vertex AI, set up at startup: off unless a project or a credentials file is
 * configured (so a gateway that does not use Vertex never probes for Google credentials); else the credentials file
 * ({@code gateway.vertex.credentials-file}, by default {@code GOOGLE_APPLICATION_CREDENTIALS}) or the
 * application-default credentials are loaded and the first access token fetched in the background. A bad file is
 * logged with its name, never its contents, and the gateway serves on: Vertex turns get 400 until it is fixed.
 */
final class VertexSetup {

    private static final Logger LOG = LoggerFactory.getLogger(VertexSetup.class);

    private VertexSetup() {
    }

    static VertexAuth auth(SettingsReader settings) {
        String project = settings.optional("gateway.vertex.project").map(String::trim).orElse("");
        String file = settings.optional("gateway.vertex.credentials-file").map(String::trim).orElse("");
        if (project.isEmpty() && file.isEmpty()) {
            return VertexAuth.notConfigured("Vertex AI is not set up on this gateway (GOOGLE_CLOUD_PROJECT and "
                    + "GOOGLE_APPLICATION_CREDENTIALS are not set)");
        }
        String region = settings.optional("gateway.vertex.region").map(String::trim).orElse("");
        LOG.info("Vertex AI: project {}, region {}, credentials from {}",
                project.isEmpty() ? "(the credentials file's)" : project, region.isEmpty() ? "NOT SET" : region,
                file.isEmpty() ? "the application-default credentials" : file);
        if (region.isEmpty()) {
            LOG.error("Vertex AI: no region is set (CLOUD_ML_REGION, gateway.vertex.region); Vertex turns get 400");
        }
        GoogleAccessTokens.Source credentials = file.isEmpty() ? GoogleCredentialsLoader::applicationDefault
                : () -> GoogleCredentialsLoader.fromFile(Path.of(file),
                        "gateway.vertex.credentials-file / GOOGLE_APPLICATION_CREDENTIALS");
        return VertexAuth.of(GoogleAccessTokens.start(() -> {
            GoogleCredentialsLoader.Loaded loaded = credentials.load();
            if (project.isEmpty() && loaded.projectId() == null) {
                LOG.error("Vertex AI: no project is set (GOOGLE_CLOUD_PROJECT, gateway.vertex.project) and {} names "
                        + "none; Vertex turns get 400 unless their route sets vertex-project", loaded.description());
            }
            return loaded;
        }));
    }
}
