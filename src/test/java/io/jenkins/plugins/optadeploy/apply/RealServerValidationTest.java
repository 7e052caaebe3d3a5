package io.jenkins.plugins.optadeploy.apply;

import static io.jenkins.plugins.optadeploy.apply.TestObjects.deployment;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.request;
import static io.jenkins.plugins.optadeploy.apply.TestObjects.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.optadeploy.testing.RealControlPlane;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the real API server's validation refuses is reported with the object and the field, and nothing is left. */
class RealServerValidationTest {
    private final RealControlPlane plane = RealControlPlane.shared();
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void anObjectTheServerRejectsIsNamedWithItsFieldAndWhatWasAppliedIsRolledBack() {
        Deployment invalid = deployment("registry.example.test/web:1", "web", 1);
        invalid.getSpec().getTemplate().getSpec().getContainers().get(0)
                .setPorts(List.of(new ContainerPortBuilder().withContainerPort(70000).build()));
        Applier applier = new Applier(plane.admin(), log::add);

        ApplyException failure = catchThrowableOfType(ApplyException.class,
                () -> applier.apply(request("rc-invalid", List.of(service(), invalid))));

        assertThat(failure).hasMessageContaining("Deployment/web in namespace rc-invalid")
                .hasMessageContaining("HTTP 422")
                .hasMessageContaining("spec.template.spec.containers[0].ports[0].containerPort")
                .hasMessageContaining("70000");
        assertThat(failure.partial().result().created()).extracting(ObjectRef::toString).containsExactly("Service/web");
        assertThat(plane.admin().apps().deployments().inNamespace("rc-invalid").withName("web").get()).isNull();
    }
}
