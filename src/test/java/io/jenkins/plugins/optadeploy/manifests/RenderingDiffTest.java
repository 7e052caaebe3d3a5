package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import io.jenkins.plugins.optadeploy.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Changing one field of the spec or context changes exactly the lines that carry it. */
class RenderingDiffTest {

    /** The lines removed and added between two renderings, prefixed {@code -} / {@code +}, in order. */
    private static List<String> changedLines(UnaryOperator<Specs> change) {
        return changedLines(change, Contexts.auto("hello", "hello"));
    }

    private static List<String> changedLines(UnaryOperator<Specs> change, RenderContext changedContext) {
        return changedLines(s -> s, change, changedContext);
    }

    private static List<String> changedLines(UnaryOperator<Specs> base, UnaryOperator<Specs> change, RenderContext changedContext) {
        String before = new ManifestRenderer().render(base.apply(Specs.minimal()).build(), Contexts.auto("hello", "hello")).toYaml();
        String after = new ManifestRenderer().render(change.apply(base.apply(Specs.minimal())).build(), changedContext).toYaml();
        List<String> changed = new ArrayList<>();
        for (AbstractDelta<String> delta : DiffUtils.diff(before.lines().toList(), after.lines().toList()).getDeltas()) {
            delta.getSource().getLines().forEach(l -> changed.add("-" + l.strip()));
            delta.getTarget().getLines().forEach(l -> changed.add("+" + l.strip()));
        }
        return changed;
    }

    @Test
    void anEnvironmentVariableAddsTwoLinesToTheContainer() {
        assertThat(changedLines(s -> s.withEnv("FIRST", "1"), s -> s.withEnv("GREETING", "hi"), Contexts.auto("hello", "hello")))
                .containsExactly("+- name: GREETING", "+value: hi");
    }

    @Test
    void stickySessionsAddOnlyTheirAnnotations() {
        assertThat(changedLines(s -> s.withStickySession(600))).containsExactly(
                "+nginx.ingress.kubernetes.io/affinity: cookie",
                "+nginx.ingress.kubernetes.io/session-cookie-name: opta_cookie",
                "+nginx.ingress.kubernetes.io/session-cookie-expires: '600'",
                "+nginx.ingress.kubernetes.io/session-cookie-max-age: '600'");
    }

    @Test
    void maxContainersChangesOnlyTheHpa() {
        assertThat(changedLines(s -> s.withContainers(1, 7))).containsExactly("-maxReplicas: 3", "+maxReplicas: 7");
    }

    @Test
    void aNewDigestChangesTheImageAndItsAnnotationOnly() {
        String digest = "sha256:" + "ab".repeat(32);
        RenderContext next = new RenderContext("localhost:5000/hello/hello@" + digest, digest, "localhost:5000/hello/hello",
                "https://jenkins.example.com/job/hello/42/", "jenkins-hello-42", "opta-deploy/0.1.0");
        List<String> changed = changedLines(s -> s, next);
        assertThat(changed).filteredOn(l -> l.startsWith("+")).allSatisfy(l -> assertThat(l).contains(digest));
        assertThat(changed).filteredOn(l -> l.startsWith("+image:")).hasSize(1);
        // one annotation per object that carries traceability (all but the Namespace) plus the container image
        assertThat(changed).filteredOn(l -> l.startsWith("+")).hasSize(6);
    }
}
