package io.jenkins.plugins.optadeploy.bench;

import io.jenkins.plugins.optadeploy.testing.RealControlPlane;
import java.nio.file.Path;

/** The real control plane for a benchmark: the binaries in {@code -Dopta.controlplane.bin} (bench/controlplane.sh). */
final class RealServer {
    private RealServer() {
    }

    static RealControlPlane start() throws RealControlPlane.Unavailable {
        String bin = System.getProperty(RealControlPlane.BIN_PROPERTY, "");
        if (bin.isBlank()) {
            throw new RealControlPlane.Unavailable("-D" + RealControlPlane.BIN_PROPERTY + " is not set");
        }
        long start = System.nanoTime();
        RealControlPlane plane = RealControlPlane.start(Path.of(bin));
        // bench/run's time limit ends a benchmark with SIGTERM, which skips its try-with-resources
        Runtime.getRuntime().addShutdownHook(new Thread(plane::close, "stop-control-plane"));
        System.out.printf("real control plane (etcd, kube-apiserver, kube-controller-manager) at %s, up in %.1f s%n",
                plane.server(), (System.nanoTime() - start) / 1e9);
        return plane;
    }
}
