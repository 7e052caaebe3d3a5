package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.TaskListener;
import io.jenkins.plugins.optadeploy.flow.DeployRequest;
import io.jenkins.plugins.optadeploy.flow.Stage;
import io.jenkins.plugins.optadeploy.image.RegistryAuth;
import io.jenkins.plugins.optadeploy.testing.FakeRegistry;
import io.jenkins.plugins.optadeploy.testing.JavaSerialization;
import io.jenkins.plugins.optadeploy.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent side of a deploy (the remoting callable that pushes) keeps the push stall timeout it was given. */
class PrepareOnAgentPushTest {
    @TempDir
    Path workspace;

    /** A listener as remoting hands it to the agent: the console, in memory. */
    static final class Console implements TaskListener {
        private static final long serialVersionUID = 1L;
        final transient ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final transient PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        @Override
        public PrintStream getLogger() {
            return out;
        }
    }

    @Test
    void aStalledRegistryFailsTheAgentSidePushAtTheStepsStallTimeout() throws Exception {
        Files.copy(Path.of("examples/orders-auto/opta.yaml"), workspace.resolve("opta.yaml"));
        TestImages.dockerArchive(workspace.resolve("image.tar"), TestImages.image(1 << 20, 31));
        try (FakeRegistry registry = new FakeRegistry(FakeRegistry.Fault.TRICKLE)) {
            DeployRequest request = new DeployRequest("opta.yaml", null, null, null, "image.tar", null,
                    registry.address(), "1", false, null, true, false, false, null, "jenkins-x-1",
                    Duration.ofSeconds(5));
            Console console = new Console();
            // what the controller sends: the callable's request crosses by Java serialization
            PrepareOnAgent callable = new PrepareOnAgent(JavaSerialization.roundTrip(request), RegistryAuth.none(),
                    console);

            long start = System.nanoTime();
            PrepareOnAgent.Outcome outcome = callable.invoke(workspace.toFile(), null);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(outcome.stage()).isEqualTo(Stage.IMAGE);
            assertThat(outcome.error()).isEqualTo("Registry " + registry.address()
                    + " stalled: nothing moved for 5 s (the push stall timeout) while reading the manifest back.");
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(5)).isLessThan(Duration.ofSeconds(60));
            String log = console.bytes.toString(StandardCharsets.UTF_8);
            assertThat(log).contains("pushing image archive", "push: ", "(100 %)").doesNotContain("Pushing");
        }
    }
}
