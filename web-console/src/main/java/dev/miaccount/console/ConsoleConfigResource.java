package dev.miaccount.console;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tells the page where the public APIs are. A script rather than JSON so that the page has the URLs before its
 * own script runs, without a round trip; the values are written by Jackson, so they cannot break out of the
 * literal.
 */
@Path("/config.js")
public class ConsoleConfigResource {

    private final String script;

    public ConsoleConfigResource(ObjectMapper json,
            @ConfigProperty(name = "miaccount.urls.account-service") String accountService,
            @ConfigProperty(name = "miaccount.urls.device-service") String deviceService,
            @ConfigProperty(name = "miaccount.urls.notification-service") String notificationService,
            @ConfigProperty(name = "miaccount.urls.event-dashboard") String dashboard)
            throws JsonProcessingException {
        Map<String, String> urls = new LinkedHashMap<>();
        urls.put("accountService", trimSlash(accountService));
        urls.put("deviceService", trimSlash(deviceService));
        urls.put("notificationService", trimSlash(notificationService));
        urls.put("dashboard", trimSlash(dashboard));
        this.script = "window.MIACCOUNT_CONFIG = Object.freeze(" + json.writeValueAsString(urls) + ");\n";
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @GET
    @Produces("text/javascript")
    public String script() {
        return script;
    }
}
