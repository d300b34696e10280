package dev.miaccount.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The Kubernetes manifests quarkus-kubernetes writes for each service at package time (target/kubernetes): a
 * Deployment of two replicas whose container is live and ready on /q/health, and every secret — passwords, tokens,
 * keys — by reference to a Kubernetes Secret, never as a value, and no Secret object in the manifests.
 */
class KubernetesManifestsIT {

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|_KEY|HMAC).*");

    @ParameterizedTest
    @ValueSource(strings = {"account-service", "device-service", "notification-service"})
    void twoReplicasProbedOnQHealthWithEverySecretByReference(String service) throws IOException {
        Path manifest = Path.of("..", service, "target", "kubernetes", "kubernetes.json");
        assertThat(manifest).as("run ./mvnw package first").exists();
        List<JsonNode> objects = objects(new ObjectMapper().readTree(Files.readString(manifest)));
        assertThat(objects).extracting(o -> o.path("kind").asText()).contains("Deployment", "Service")
                .doesNotContain("Secret", "ConfigMap");

        JsonNode deployment = objects.stream().filter(o -> "Deployment".equals(o.path("kind").asText()))
                .findFirst().orElseThrow();
        assertThat(deployment.path("metadata").path("name").asText()).isEqualTo(service);
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").get(0);
        assertThat(container.path("image").asText()).endsWith("mi-account/" + service + ":latest");
        // migrations run at start (Flyway's lock serialises the replicas), not in a Job the pods wait for
        assertThat(objects).extracting(o -> o.path("kind").asText()).doesNotContain("Job");
        assertThat(container.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
        assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
                .isEqualTo("/q/health/ready");

        List<String> byReference = new ArrayList<>();
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            if (SECRET_NAME.matcher(name).matches() && !name.endsWith("_LOCATION")) {
                assertThat(env.has("value")).as(name + " given as a value").isFalse();
                assertThat(env.path("valueFrom").path("secretKeyRef").path("name").asText()).as(name).isNotBlank();
                byReference.add(name);
            }
        }
        assertThat(byReference).contains("QUARKUS_DATASOURCE_PASSWORD");
        if (!service.equals("device-service")) {
            assertThat(byReference).contains("MIACCOUNT_INTERNAL_TOKEN");
        }
        // the token keys are files from Secrets, mounted read-only
        JsonNode volumes = deployment.path("spec").path("template").path("spec").path("volumes");
        assertThat(StreamSupport.stream(volumes.spliterator(), false)
                .map(v -> v.path("secret").path("secretName").asText()))
                .contains("mi-account-token-verification-key");
        assertThat(StreamSupport.stream(container.path("volumeMounts").spliterator(), false))
                .allMatch(mount -> mount.path("readOnly").asBoolean());
    }

    /** A manifest is an array of objects, a List of them, or one object. */
    private static List<JsonNode> objects(JsonNode manifest) {
        if (manifest.isArray()) {
            return StreamSupport.stream(manifest.spliterator(), false).toList();
        }
        if (manifest.has("items")) {
            return StreamSupport.stream(manifest.path("items").spliterator(), false).toList();
        }
        return List.of(manifest);
    }
}
