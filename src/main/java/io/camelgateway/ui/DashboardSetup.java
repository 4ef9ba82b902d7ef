package io.camelgateway.ui;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.ledger.UsageReport;
import io.camelgateway.observe.TurnObservers;
import io.camelgateway.ops.AdminAccess;
import io.camelgateway.settings.SettingsReader;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.camel.spi.Registry;

/** Binds the dashboard's window (a turn observer) and its two processors, {@code dashboardAssets} and {@code dashboardApi}. */
public final class DashboardSetup {

    private DashboardSetup() {
    }

    /**
     * {@code ledger} null when the ledger keeps no rows; {@code adminToken} null turns the dashboard off (404). The
     * window is kept only while the dashboard is on.
     */
    public static void bind(Registry registry, SettingsReader settings, TurnObservers observers, String adminToken,
                            AdminAccess access, UsageReport ledger, Supplier<String> flagship,
                            Supplier<ObjectNode> providers, Function<TurnError, byte[]> errorBodies) {
        boolean enabled = adminToken != null && !adminToken.isBlank();
        registry.bind("dashboardAssets", new DashboardAssets(enabled, errorBodies));
        TurnWindow window = new TurnWindow(settings.integer("gateway.dashboard.queue"), flagship,
                System::currentTimeMillis);
        if (enabled) {
            observers.add(window.start());
        }
        registry.bind("dashboardWindow", window);
        registry.bind("dashboardApi", new DashboardApi(new DashboardSummary(window, ledger, flagship, providers), access,
                enabled, errorBodies));
    }
}
