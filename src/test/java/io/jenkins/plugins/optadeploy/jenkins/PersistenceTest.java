package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.optadeploy.report.DeployReport;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Jenkins stores with XStream (build.xml, config.xml) can be read back; the report lives beside it as JSON. */
class PersistenceTest {

    @Test
    void theReportIsReadBackFromTheBuildDirectoryAfterARestart(@TempDir Path dir) throws Exception {
        FakeBuild.FakeRun run = new FakeBuild.FakeRun(Files.createDirectories(dir.resolve("7")).toFile());
        DeployAction action = DeployAction.attach(run, "opta.yaml");
        DeployReport report = SampleReports.report(DeployReport.Outcome.ROLLED_BACK, "crash loop; rolled back",
                List.of("Deployment app restored"));
        action.complete(report);

        DeployAction reloaded = new DeployAction(1, "opta.yaml"); // what XStream rebuilds from build.xml
        reloaded.onLoad(new FakeBuild.FakeRun(run.getRootDir()));
        assertThat(reloaded.getReport()).isEqualTo(report);
        assertThat(reloaded.getView().getOutcome()).isEqualTo("failed, rolled back");
        assertThat(reloaded.getView().getTimeline()).extracting(DeployView.Row::third).containsExactly("not ready; CrashLoopBackOff");
    }

    /** What build.xml holds of a finished deploy, as XStream writes it: its number and file, nothing of the report. */
    @Test
    void buildXmlKeepsOnlyTheDeploysNumberAndFile(@TempDir Path dir) throws Exception {
        FakeBuild.FakeRun run = new FakeBuild.FakeRun(dir.toFile());
        DeployAction action = DeployAction.attach(run, "svc/opta.yaml");
        action.preparing("hello/app", "hello", "localhost:5000/hello/app@sha256:" + "ab".repeat(32), "sha256:" + "ab".repeat(32));
        action.complete(SampleReports.report(DeployReport.Outcome.SUCCEEDED, "ready", List.of()));
        com.thoughtworks.xstream.XStream xstream = new com.thoughtworks.xstream.XStream();
        xstream.allowTypes(new Class<?>[] {DeployAction.class});
        String xml = xstream.toXML(action);
        assertThat(xml).isEqualTo("<" + DeployAction.class.getName() + ">\n  <index>1</index>\n  <file>svc/opta.yaml</file>\n</"
                + DeployAction.class.getName() + ">");
        DeployAction back = (DeployAction) xstream.fromXML(xml);
        back.onLoad(new FakeBuild.FakeRun(dir.toFile()));
        assertThat(back.getView().getSummary()).as("read from the report file").isEqualTo("ready");
    }

    /** jenkinsci/jenkins#26077: XStream2 cannot unmarshal records, so nothing XStream stores may hold one. */
    @Test
    void nothingXStreamPersistsHoldsARecord() {
        List<String> records = new ArrayList<>();
        for (Class<?> c : List.of(DeployAction.class, DeployBadgeAction.class, OptaDeployBuilder.class,
                OptaDeployStep.class, OptaDeployGlobalConfiguration.class, DeployOptions.class)) {
            for (Field f : c.getDeclaredFields()) {
                int m = f.getModifiers();
                if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && (f.getType().isRecord()
                        || !(f.getType().isPrimitive() || f.getType().getName().startsWith("java.")
                        || f.getType() == DeployOptions.class))) {
                    records.add(c.getSimpleName() + "." + f.getName() + ": " + f.getType().getSimpleName());
                }
            }
        }
        assertThat(records).isEmpty();
    }
}
