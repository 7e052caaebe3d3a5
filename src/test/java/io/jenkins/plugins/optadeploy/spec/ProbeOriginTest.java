package io.jenkins.plugins.optadeploy.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each probe remembers the opta.yaml field that set it, so a failing probe can be traced to the file. */
class ProbeOriginTest {

    @Test
    void theSharedHealthcheckPathSetsBothProbes() throws Exception {
        K8sService service = module("""
                    port:
                      http: 8080
                    healthcheck_path: /healthz
                """);

        assertThat(service.probes().readiness().origin())
                .isEqualTo(new SpecLocation("opta.yaml", 9, 5, "modules[0].healthcheck_path"));
        assertThat(service.probes().liveness().origin()).isEqualTo(service.probes().readiness().origin());
        assertThat(service.probes().readinessSource(service.ports().probePort()))
                .isEqualTo("readiness probe from opta.yaml:9:5 modules[0].healthcheck_path (GET /healthz on port 8080)");
    }

    @Test
    void aProbeOwnFieldWinsOverTheSharedOneAndIsNamed() throws Exception {
        K8sService service = module("""
                    ports:
                      - {name: metrics, type: tcp, port: 9100}
                      - {name: web, type: http, port: 8080}
                    probe_port: web
                    healthcheck_path: /healthz
                    readiness_probe_path: /ready
                """);

        assertThat(service.probes().liveness().origin().path()).isEqualTo("modules[0].healthcheck_path");
        assertThat(service.probes().readinessSource(service.ports().probePort()))
                .isEqualTo("readiness probe from opta.yaml:12:5 modules[0].readiness_probe_path (GET /ready on port 8080)");
    }

    @Test
    void commandAndTcpProbesAreDescribedAsTheKubeletRunsThem() throws Exception {
        K8sService command = module("""
                    port:
                      http: 8080
                    readiness_probe_command: [cat, /tmp/ready]
                """);
        K8sService tcp = module("""
                    ports:
                      - {name: pg, type: tcp, port: 5432}
                    healthcheck_path: /
                """);

        assertThat(command.probes().liveness()).isNull();
        assertThat(command.probes().readinessSource(command.ports().probePort()))
                .isEqualTo("readiness probe from opta.yaml:9:5 modules[0].readiness_probe_command (exec cat /tmp/ready)");
        assertThat(tcp.probes().readinessSource(tcp.ports().probePort()))
                .isEqualTo("readiness probe from opta.yaml:9:5 modules[0].healthcheck_path (TCP connect on port 5432)");
    }

    @Test
    void noReadinessProbeNoSource() throws Exception {
        K8sService service = module("""
                    port:
                      http: 8080
                """);

        assertThat(service.probes().readinessSource(service.ports().probePort())).isNull();
    }

    /** The service of a file whose k8s-service module continues, from line 7, with {@code fields} (indented by 4). */
    private static K8sService module(String fields) throws InvalidSpecException {
        String file = "name: shop\norg_name: acme\nmodules:\n  - type: k8s-service\n    name: orders\n    image: AUTO\n"
                + fields;
        return new SpecReader().read("opta.yaml", file, SpecInputs.none()).service();
    }
}
