package io.jenkins.plugins.optadeploy.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One service, {@code <layer>/web}, written as a workspace's {@code opta.yaml} for the {@link RealControlPlane}, whose
 * pods the simulated kubelet holds in ContainerCreating until {@link #makeReady()}: a deploy of it waits on its rollout
 * for as long as the test needs.
 */
public final class HeldService implements AutoCloseable {
    private final String layer;
    private final KubeletSimulator kubelet;

    private HeldService(String layer, KubeletSimulator kubelet) {
        this.layer = layer;
        this.kubelet = kubelet;
    }

    /** Writes {@code workspace/opta.yaml} and starts holding the pods of its workload in namespace {@code layer}. */
    public static HeldService write(RealControlPlane plane, Path workspace, String layer) throws IOException {
        Files.writeString(workspace.resolve("opta.yaml"), """
                name: %s
                modules:
                  - type: k8s-service
                    name: web
                    image: registry.example.test/web:1
                    port:
                      http: 8080
                    healthcheck_path: /healthz
                """.formatted(layer));
        KubeletSimulator kubelet = new KubeletSimulator(plane, layer);
        HeldService service = new HeldService(layer, kubelet);
        kubelet.script(service.workload(), PodScript.stuckCreating());
        return service;
    }

    /** The Deployment's name. */
    public String workload() {
        return layer + "-web-k8s-service";
    }

    /** Lets the held pods turn Ready. */
    public void makeReady() throws Exception {
        kubelet.makeReady(workload());
    }

    @Override
    public void close() {
        kubelet.close();
    }
}
