package io.camelgateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.canonical.TurnError;
import io.camelgateway.json.Json;

/** The OpenAI error shape every client API uses: {@code {"error":{"message","type","code","param"}}}. */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    public static ObjectNode json(TurnError error) {
        ObjectNode root = Json.object();
        ObjectNode body = root.putObject("error");
        body.put("message", error.message()).put("type", error.type()).put("code", error.code());
        if (error.param() == null) {
            body.putNull("param");
        } else {
            body.put("param", error.param());
        }
        return root;
    }

    public static byte[] bytes(TurnError error) {
        return Json.bytes(json(error));
    }
}
