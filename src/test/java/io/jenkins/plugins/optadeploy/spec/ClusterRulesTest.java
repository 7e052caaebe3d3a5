package io.jenkins.plugins.optadeploy.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules the API server, the kubelet and ingress-nginx apply, checked by the reader before anything is deployed. */
class ClusterRulesTest {
    private static final String SERVICE = """
            name: shop
            modules:
              - type: k8s-service
                name: web
                image: nginx:1.27
                port:
                  http: 8080
            """;

    @ParameterizedTest
    @ValueSource(strings = {"*/5 * * * *", "0 3 * * *", "0 0 1 1 *", "15 9-17 * * 1-5", "0 0 * * SUN", "0 0 1 jan,Jul *",
        "0 0 ? * *", "5/15 * * * *", "0,30 * * * *", "0  0\t* * *", "@daily", "@midnight", "@hourly", "@weekly",
        "@monthly", "@yearly", "@annually", "@every 1h30m", "@every 90s", "@every 1.5h", "*/61 * * * *"})
    void acceptsTheSchedulesTheApiServerAccepts(String schedule) {
        assertThat(CronSchedules.problem(schedule)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b c d e", "99 99 99 99 99", "* * * *", "* * * * * *", "60 * * * *", "* 24 * * *",
        "* * 0 * *", "* * * 13 *", "* * * * 7", "5-1 * * * *", "*/0 * * * *", "1-2-3 * * * *", "1/2/3 * * * *",
        "-1 * * * *", "x/5 * * * *", "@daily ", "@fortnightly", "@every", "@every 5", "@every 5 m",
        "@every 9999999999h", "TZ=UTC 0 0 * * *", "CRON_TZ=UTC @daily", " @daily", ""})
    void refusesWhatTheApiServerRefuses(String schedule) {
        assertThat(CronSchedules.problem(schedule)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "nginx:1.27", "library/nginx:latest", "ghcr.io/org/app:v1.2.3",
        "localhost:5000/shop/web:42", "registry.example.com:8443/a/b/c", "[::1]:5000/app",
        "my_registry/app__x/a-b.c:tag_1", "Registry.Example.com/app:1",
        "nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "ghcr.io/x/y:1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void imageReferencesInTheDistributionGrammarAreAccepted(String image) {
        assertThat(ImageReferences.problem(image)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPPER/Case:tag", "Nginx", "nginx@sha256:zz", "nginx:", "nginx:-x", "nginx:.x",
        "nginx@sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", "nginx@md5:0123456789abcdef0123456789abcdef",
        "a//b", "/nginx", "nginx/", "-registry.io/app", "host:port/app", "nginx::1",
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"})
    void imageReferencesOutsideTheGrammarAreRefused(String image) {
        assertThat(ImageReferences.problem(image)).isNotNull();
        assertThat(problems(SERVICE.replace("nginx:1.27", "\"" + image + "\"")))
                .singleElement().asString().startsWith("opta.yaml:5:12: modules[0].image: ");
    }

    @Test
    void aTagOfMoreThan128CharactersIsRefused() {
        assertThat(ImageReferences.problem("nginx:" + "a".repeat(128))).isNull();
        assertThat(ImageReferences.problem("nginx:" + "a".repeat(129))).contains("129 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "010.000.000.001", "255.255.255.255", "0.0.0.0"})
    void ingressHostsThatAreIpAddressesAreRefused(String host) {
        assertThat(KubernetesNames.isIpv4(host)).isTrue();
        assertThat(problems(SERVICE + "    public_uri: \"" + host + "/a\"\n")).singleElement().asString()
                .contains("'" + host + "' is an IP address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.0.0.1", "10.0.0", "10.0.0.1.5", "1e.0.0.1", "app.10.0.0.1"})
    void hostsThatOnlyLookNumericAreNames(String host) {
        assertThat(KubernetesNames.isIpv4(host)).isFalse();
    }

    @Test
    void annotationsOverTheApiServersTotalAreRefused() {
        String big = "x".repeat(130 * 1024);
        String yaml = SERVICE + "    pod_annotations:\n      a: " + big + "\n      b: " + big + "\n";

        assertThat(problems(yaml)).singleElement().asString().startsWith("opta.yaml:9:7: modules[0].pod_annotations: "
                + "the annotations take 266242 bytes: Kubernetes allows 262144 bytes (256 KiB)");
        assertThat(read(SERVICE + "    pod_annotations:\n      a: " + big + "\n").service().pod().annotations()).hasSize(1);
    }

    @Test
    void annotationKeysAreCheckedLowercasedAndLabelKeysAsWritten() {
        assertThat(read(SERVICE + "    pod_annotations:\n      Example.COM/Owner: team\n").service().pod().annotations())
                .containsKey("Example.COM/Owner");
        assertThat(problems(SERVICE + "    pod_labels:\n      Example.COM/Owner: team\n")).singleElement().asString()
                .contains("the prefix before '/' must be a lowercase DNS name");
    }

    @Test
    void identicalProblemsAreGroupedAndTheListIsCapped() {
        StringBuilder envVars = new StringBuilder(SERVICE).append("    env_vars:\n");
        for (int i = 0; i < 20_000; i++) {
            envVars.append("      V").append(i).append(": 1\n");
        }
        List<String> grouped = problems(envVars.toString());

        assertThat(grouped).hasSize(4);
        assertThat(grouped.get(0)).startsWith("opta.yaml:9:11: modules[0].env_vars.V0: environment values must be strings");
        assertThat(grouped.get(3)).isEqualTo("opta.yaml:12:11: modules[0].env_vars.V3: the same problem 19997 more "
                + "times from here (not shown)");

        StringBuilder distinct = new StringBuilder(SERVICE).append("    env_vars:\n");
        for (int i = 0; i < 300; i++) {
            distinct.append("      V").append(i).append(": ").append(i).append('\n');
        }
        List<String> capped = problems(distinct.toString());
        assertThat(capped).hasSize(Problems.MAX_SHOWN + 1);
        assertThat(capped.get(Problems.MAX_SHOWN)).isEqualTo("opta.yaml:109:13: 200 more problems from here (not shown): "
                + "fix the ones above first");

        String fourTimes = SERVICE + "    env_vars:\n      A: 1\n      B: 1\n      C: 1\n      D: 1\n";
        assertThat(problems(fourTimes)).as("one repeat is shown, not counted").hasSize(4)
                .allSatisfy(line -> assertThat(line).contains("environment values must be strings"));
    }

    @Test
    void everyMessageIsOneLineWithHiddenCharactersEscaped() {
        List<String> found = problems(SERVICE.replace("nginx:1.27", "\"a\\nb\\u2028c\"")
                + "    env_vars:\n      \"X\\rY\": \"1\"\n");

        assertThat(found).hasSize(2).allSatisfy(line -> assertThat(line).doesNotContain("\n", "\r", "\u2028"));
        assertThat(found.get(0)).contains("'a\\nb\\u2028c' is not an image reference");
        assertThat(found.get(1)).contains("env_vars.X\\rY: 'X\\rY' is not a valid environment variable name");
    }

    @Test
    void aKeyWithASpaceAtItsEndSaysSo() {
        assertThat(problems(SERVICE + "    \"port \": 1\n")).singleElement().isEqualTo(
                "opta.yaml:8:5: modules[0].port : unknown field: it starts or ends with a space ('port '); did you mean 'port'?");
    }

    @Test
    void aNoBreakSpaceInTheTextOfABlockScalarIsText() {
        ServiceSpec spec = read(SERVICE + "    env_vars:\n      MOTD: |\n        hello\n        \u00a0 world\n");

        assertThat(spec.service().env().vars()).singleElement().satisfies(v -> assertThat(v.value()).contains("\u00a0 world"));
    }

    @Test
    void severalEnvironmentsWithoutAChoiceGiveOneError() {
        String yaml = """
                name: shop
                environments:
                  - {name: staging, path: s.yaml, variables: {tag: "1"}}
                  - {name: prod, path: p.yaml, variables: {tag: "2"}}
                modules:
                  - {type: k8s-service, name: web, image: "nginx:{vars.tag}", port: {http: 8080},
                     env_vars: {E: "{env}", P: "{parent_name}"}}
                """;

        assertThat(problems(yaml)).containsExactly("opta.yaml:2:1: environments: the file lists 2 environments "
                + "(staging, prod): choose one with --env NAME on the command line, or env: 'NAME' in the Jenkins step");
    }

    private static ServiceSpec read(String yaml) {
        try {
            return new SpecReader().read("opta.yaml", yaml, SpecInputs.none());
        } catch (InvalidSpecException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static List<String> problems(String yaml) {
        InvalidSpecException thrown = catchThrowableOfType(InvalidSpecException.class,
                () -> new SpecReader().read("opta.yaml", yaml, SpecInputs.none()));
        assertThat(thrown).as("refused").isNotNull();
        return thrown.problems().stream().map(SpecProblem::toString).toList();
    }
}
