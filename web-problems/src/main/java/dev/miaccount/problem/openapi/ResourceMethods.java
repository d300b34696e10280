package dev.miaccount.problem.openapi;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;

/**
 * The JAX-RS resource methods of a service, found by the operation they become in its OpenAPI document
 * ({@code "POST /api/v1/sessions"}): what an OpenAPI filter needs to read a method's own annotations.
 */
public final class ResourceMethods {

    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD",
            "OPTIONS");

    private final Map<String, MethodInfo> byOperation = new HashMap<>();

    public ResourceMethods(IndexView index) {
        for (AnnotationInstance path : index.getAnnotations(PATH)) {
            if (path.target().kind() != org.jboss.jandex.AnnotationTarget.Kind.CLASS) {
                continue;
            }
            ClassInfo resource = path.target().asClass();
            for (MethodInfo method : resource.methods()) {
                httpMethod(method).ifPresent(verb -> byOperation.put(key(verb, join(path.value().asString(),
                        method.hasDeclaredAnnotation(PATH) ? method.declaredAnnotation(PATH).value().asString() : "")),
                        method));
            }
        }
    }

    /** @return the method behind {@code verb} on {@code path} as the document spells it */
    public Optional<MethodInfo> find(String verb, String path) {
        return Optional.ofNullable(byOperation.get(key(verb, path)));
    }

    /** Whether the method or its class carries {@code annotation}. */
    public static boolean annotated(MethodInfo method, String annotation) {
        DotName name = DotName.createSimple(annotation);
        return method.hasDeclaredAnnotation(name) || method.declaringClass().hasDeclaredAnnotation(name);
    }

    private static Optional<String> httpMethod(MethodInfo method) {
        return method.declaredAnnotations().stream()
                .map(annotation -> annotation.name())
                .filter(name -> name.packagePrefix() != null && name.packagePrefix().equals("jakarta.ws.rs"))
                .map(name -> name.local())
                .filter(HTTP_METHODS::contains)
                .findFirst();
    }

    private static String key(String verb, String path) {
        return verb.toUpperCase(java.util.Locale.ROOT) + " " + normalize(path);
    }

    private static String join(String classPath, String methodPath) {
        return classPath + "/" + methodPath;
    }

    /** One leading slash, none doubled, none trailing: how both JAX-RS and the document end up. */
    private static String normalize(String path) {
        String joined = ("/" + path).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
