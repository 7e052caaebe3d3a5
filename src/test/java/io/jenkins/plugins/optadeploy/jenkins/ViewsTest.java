package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.NodeList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The views parse as XML, escape by default, and name only properties their objects have. */
class ViewsTest {
    private static final Pattern EXPRESSION = Pattern.compile("\\b(it|instance|page)\\.([A-Za-z_][A-Za-z0-9_]*)");

    private static List<Path> views(String suffix) throws Exception {
        try (Stream<Path> files = Files.walk(DataBindingTest.VIEWS)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    @Test
    void everyJellyAndHtmlViewIsWellFormedXml() throws Exception {
        List<Path> all = new ArrayList<>(views(".jelly"));
        all.addAll(views(".html"));
        assertThat(all).hasSizeGreaterThan(30);
        for (Path p : all) {
            assertThat(Views.parse(p)).as(p.toString()).isNotNull();
        }
    }

    @Test
    void everyJellyViewEscapesByDefault() throws Exception {
        for (Path p : views(".jelly")) {
            assertThat(Files.readString(p, StandardCharsets.UTF_8)).as(p.toString())
                    .startsWith("<?jelly escape-by-default='true'?>");
        }
    }

    @Test
    void fieldsAndExpressionsNameExistingProperties() throws Exception {
        List<String> missing = new ArrayList<>();
        for (Path p : views(".jelly")) {
            Class<?> owner = Class.forName(getClass().getPackageName() + "." + p.getParent().getFileName());
            for (String field : Views.fieldNames(p)) {
                if (!hasGetter(owner, field)) {
                    missing.add(p + ": field=" + field);
                }
            }
            Matcher m = EXPRESSION.matcher(Files.readString(p, StandardCharsets.UTF_8));
            while (m.find()) {
                // page is the view model the deploy's views set from it.view
                if (!hasGetter(m.group(1).equals("page") ? DeployView.class : owner, m.group(2))) {
                    missing.add(p + ": ${" + m.group() + "}");
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /** The deploy page's tables loop over DeployView rows and call their accessors. */
    @Test
    void theTableCellsAreTheRowsAccessors() throws Exception {
        String page = Files.readString(DataBindingTest.VIEWS.resolve("DeployAction/index.jelly"));
        Matcher m = Pattern.compile("\\$\\{[tcp]\\.(\\w+)\\(\\)}").matcher(page);
        int cells = 0;
        while (m.find()) {
            cells++;
            assertThat(DeployView.Row.class.getMethod(m.group(1)).getReturnType()).isEqualTo(String.class);
        }
        assertThat(cells).isEqualTo(8);
    }

    @Test
    void onlyHttpServiceUrlsBecomeLinks(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        FakeBuild.FakeRun run = new FakeBuild.FakeRun(dir.toFile());
        DeployAction action = DeployAction.attach(run, "opta.yaml");
        var good = SampleReports.report(io.jenkins.plugins.optadeploy.report.DeployReport.Outcome.SUCCEEDED, "ok", List.of());
        action.complete(good);
        assertThat(action.getView().getServiceLink()).isEqualTo("https://hello.example.com/app");
        var evil = new io.jenkins.plugins.optadeploy.report.DeployReport(good.service(), good.namespace(), good.outcome(),
                good.summary(), good.image(), good.digest(), good.dockerRepoUrl(), good.revision(), "javascript:alert(1)",
                good.timings(), good.applied(), good.pruned(), good.timeline(), good.diagnostics(), good.rolledBack(),
                good.manifestsYaml(), good.diff(), good.warnings(), good.workload());
        action.complete(evil);
        assertThat(action.getView().getServiceLink()).isEmpty();
        assertThat(action.getView().getServiceUrl()).isEqualTo("javascript:alert(1)");
        for (Path p : views(".jelly")) {
            assertThat(Files.readString(p)).as(p + " links the checked URL only").doesNotContain("href=\"${it.serviceUrl}");
        }
    }

    @Test
    void theCheckFindsAPropertyThatDoesNotExist() {
        assertThat(hasGetter(DeployView.class, "summary")).isTrue();
        assertThat(hasGetter(DeployAction.class, "summary")).as("the view's, not the action's").isFalse();
        assertThat(hasGetter(DeployAction.class, "secretValue")).isFalse();
    }

    private static boolean hasGetter(Class<?> c, String property) {
        String cap = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (Method m : c.getMethods()) {
            boolean getter = m.getName().equals("get" + cap) || m.getName().equals("is" + cap) || m.getName().equals(property);
            if (getter && m.getParameterCount() == 0 && Modifier.isPublic(m.getModifiers())) {
                return true;
            }
        }
        return false;
    }

    /** Jelly trims the whitespace inside a loop: a pre of many lines must print one text that holds the newlines. */
    @Test
    void preformattedBlocksPrintOneTextEach() throws Exception {
        for (Path p : views(".jelly")) {
            org.w3c.dom.NodeList pres = Views.parse(p).getElementsByTagName("pre");
            for (int i = 0; i < pres.getLength(); i++) {
                org.w3c.dom.Node pre = pres.item(i);
                assertThat(pre.getChildNodes().getLength()).as(p + ": <pre> #" + i + " holds one expression")
                        .isEqualTo(1);
                assertThat(pre.getFirstChild().getNodeType()).isEqualTo(org.w3c.dom.Node.TEXT_NODE);
            }
        }
    }

    @Test
    void thePageShowsTheDiagnosticsLineByLineAndReadableTimes(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        DeployAction action = DeployAction.attach(new FakeBuild.FakeRun(dir.toFile()), "opta.yaml");
        action.complete(SampleReports.report(io.jenkins.plugins.optadeploy.report.DeployReport.Outcome.ROLLED_BACK,
                "crash loop", List.of()));
        assertThat(action.getView().getDiagnosticsText()).isEqualTo("app-7d9-x: CrashLoopBackOff (exit 1)");
        action.complete(SampleReports.report(io.jenkins.plugins.optadeploy.report.DeployReport.Outcome.SUCCEEDED,
                "ok", List.of()));
        DeployView.Row row = action.getView().getTimeline().get(0);
        assertThat(row.second()).isEqualTo("2026-11-21 10:00:00 UTC");
        assertThat(row.third()).isEqualTo("ready at 2026-11-21 10:00:04 UTC (after 4.0 s); Running")
                .doesNotContain(row.first());
    }

    /** While the deploy runs, the page shows what the console shows: namespace, image, the log so far. */
    @Test
    void aRunningDeployShowsWhatItKnows(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        DeployAction action = DeployAction.attach(new FakeBuild.FakeRun(dir.toFile()), "opta.yaml");
        assertThat(action.isFinished()).isFalse();
        action.preparing("hello/app", "hello", "localhost:5000/hello/app@sha256:" + "ab".repeat(32), "sha256:" + "ab".repeat(32));
        assertThat(action.getView().getNamespace()).isEqualTo("hello");
        assertThat(action.getView().getShortDigest()).isEqualTo("abababababab");
        assertThat(action.getIconFileName()).endsWith("/deploy-running.svg");
        String page = Files.readString(DataBindingTest.VIEWS.resolve("DeployAction/index.jelly"));
        assertThat(page.substring(0, page.indexOf("${%Stage timings}"))).contains("${page.log}")
                .contains("${page.namespace}").contains("name=\"Refresh\"");
    }

    @Test
    void theBadgeIsTheDeploysOwnIconColouredByOutcome() throws Exception {
        var ok = SampleReports.report(io.jenkins.plugins.optadeploy.report.DeployReport.Outcome.SUCCEEDED, "ok", List.of());
        var failed = SampleReports.report(io.jenkins.plugins.optadeploy.report.DeployReport.Outcome.FAILED, "no", List.of());
        assertThat(new DeployBadgeAction(ok, "opta-deploy-1").getIconFile()).isEqualTo("deploy-succeeded.svg");
        assertThat(new DeployBadgeAction(failed, "opta-deploy-1").getIconFile()).isEqualTo("deploy-failed.svg");
        for (String icon : List.of("deploy-succeeded.svg", "deploy-failed.svg", "deploy-running.svg")) {
            assertThat(Path.of("src/main/webapp/images", icon)).exists();
        }
        assertThat(Files.readString(DataBindingTest.VIEWS.resolve("DeployBadgeAction/badge.jelly")))
                .as("not the build result's ball icons").doesNotContain("icon-blue").doesNotContain("icon-red")
                .contains("${it.iconFile}");
    }

    /** forceConflicts is about the apply, not the image. */
    @Test
    void takeOverConflictingFieldsIsNotUnderImage() throws Exception {
        String jelly = Files.readString(DataBindingTest.VIEWS.resolve("OptaDeployStep/options.jelly"));
        assertThat(jelly.indexOf("field=\"forceConflicts\"")).isPositive()
                .isLessThan(jelly.indexOf("<f:advanced title=\"${%Image}\">"));
    }

    /** The step's and the builder's forms are one but for the variables: both include the shared options. */
    @Test
    void bothFormsIncludeTheSharedOptions() throws Exception {
        for (String form : List.of("OptaDeployStep", "OptaDeployBuilder")) {
            NodeList includes = Views.parse(DataBindingTest.VIEWS.resolve(form + "/config.jelly"))
                    .getElementsByTagNameNS("jelly:stapler", "include");
            assertThat(includes.getLength()).as(form).isEqualTo(1);
            assertThat(Views.included((org.w3c.dom.Element) includes.item(0)))
                    .isEqualTo(DataBindingTest.VIEWS.resolve("OptaDeployStep/options.jelly")).exists();
        }
        assertThat(Views.fieldNames(DataBindingTest.VIEWS.resolve("OptaDeployStep/options.jelly")))
                .doesNotContain("file", "env", "vars").contains("credentialsId", "lockWait", "insecureRegistry");
    }
}
