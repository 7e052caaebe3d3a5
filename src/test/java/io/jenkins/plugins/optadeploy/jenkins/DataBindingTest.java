package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** Every bound property has a form field and a help file; structs-style instantiation round-trips. */
class DataBindingTest {
    static final Path VIEWS = Path.of("src/main/resources/io/jenkins/plugins/optadeploy/jenkins");

    static Set<String> boundProperties(Class<?> c) {
        Set<String> out = new TreeSet<>();
        for (Constructor<?> k : c.getConstructors()) {
            if (k.isAnnotationPresent(DataBoundConstructor.class)) {
                for (var p : k.getParameters()) {
                    out.add(p.getName());
                }
            }
        }
        for (Method m : c.getMethods()) {
            if (m.isAnnotationPresent(DataBoundSetter.class)) {
                out.add(Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4));
            }
        }
        return out;
    }

    private static hudson.model.Descriptor<?> descriptorOf(Class<?> c) {
        return c == OptaDeployStep.class ? new OptaDeployStep.DescriptorImpl()
                : c == OptaDeployBuilder.class ? new OptaDeployBuilder.DescriptorImpl()
                : new OptaDeployGlobalConfiguration();
    }

    /** The file behind a help URL as Jenkins serves it: {@code /descriptor/<class>/help/<field>}. */
    private static Path helpFile(String url) {
        String[] parts = url.split("/");
        String owner = parts[2].substring(parts[2].lastIndexOf('.') + 1);
        return VIEWS.resolve(owner).resolve(parts.length > 4 ? "help-" + parts[4] + ".html" : "help.html");
    }

    /** Jenkins' lookup (Descriptor.getHelpFile: a redirect, else the class's and its superclasses' folders). */
    @ParameterizedTest
    @ValueSource(classes = {OptaDeployStep.class, OptaDeployBuilder.class, OptaDeployGlobalConfiguration.class})
    void everyPropertyHasAFormFieldAndAHelpFileJenkinsFinds(Class<?> c) throws Exception {
        Path folder = VIEWS.resolve(c.getSimpleName());
        Set<String> fields = Views.fieldNames(folder.resolve("config.jelly"));
        Set<String> properties = boundProperties(c);
        assertThat(properties).isNotEmpty();
        assertThat(fields).as(c.getSimpleName() + "/config.jelly fields").containsAll(properties);
        hudson.model.Descriptor<?> descriptor = descriptorOf(c);
        for (String p : properties) {
            String url = descriptor.getHelpFile(p);
            assertThat(url).as("help for " + p).isNotNull();
            assertThat(helpFile(url)).as("help for " + p).exists();
        }
        assertThat(helpFile(descriptor.getHelpFile(null))).isEqualTo(folder.resolve("help.html")).exists();
    }

    /** One help text per option: the builder shows the step's, except for vars, which are lines there. */
    @Test
    void theBuilderShowsTheStepsHelpButForItsVariables() {
        hudson.model.Descriptor<?> builder = new OptaDeployBuilder.DescriptorImpl();
        hudson.model.Descriptor<?> step = new OptaDeployStep.DescriptorImpl();
        for (String option : DeployOptions.NAMES) {
            if (option.equals("vars")) {
                assertThat(builder.getHelpFile(option)).isNotEqualTo(step.getHelpFile(option))
                        .endsWith("OptaDeployBuilder/help/vars");
            } else {
                assertThat(builder.getHelpFile(option)).as(option).isEqualTo(step.getHelpFile(option));
            }
        }
        assertThat(VIEWS.resolve("OptaDeployBuilder").toFile().list()).as("no help text twice")
                .containsExactlyInAnyOrder("config.jelly", "help.html", "help-vars.html");
    }

    @Test
    void stepAndBuilderOfferTheSameOptions() {
        assertThat(boundProperties(OptaDeployBuilder.class)).isEqualTo(boundProperties(OptaDeployStep.class))
                .hasSize(19).containsExactlyInAnyOrderElementsOf(DeployOptions.NAMES);
    }

    @Test
    void defaultsAreThoseOfTheIssue() {
        OptaDeployStep step = new OptaDeployStep();
        assertThat(step.getFile()).isEqualTo("opta.yaml");
        assertThat(step.isRollback()).isTrue();
        assertThat(step.isDryRun()).isFalse();
        assertThat(step.getTimeout()).isNull();
        assertThat(step.getVars()).isEmpty();
    }

    static Map<String, Object> sampleArguments() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("file", "deploy/opta.yaml");
        args.put("env", "staging");
        args.put("vars", Map.of("tier", "prod"));
        args.put("credentialsId", "kube");
        args.put("context", "ci");
        args.put("serverUrl", "https://k8s.example.com:6443");
        args.put("registry", "registry.example.com:5000");
        args.put("registryCredentialsId", "reg");
        args.put("tag", "v1.2.3");
        args.put("localImage", "app:latest");
        args.put("imageArchive", "build/app.tar");
        args.put("sourceImage", "docker.io/library/nginx:1.27");
        args.put("timeout", 120);
        args.put("lockWait", 300);
        args.put("rollback", false);
        args.put("dryRun", true);
        args.put("forceConflicts", true);
        args.put("insecureRegistry", true);
        return args;
    }

    /** What structs does for {@code optaDeploy(file: ..., vars: [...], ...)}: the constructor, then each setter. */
    static <T> T instantiate(Class<T> type, Map<String, Object> args) throws Exception {
        T instance = type.getConstructor().newInstance();
        for (Map.Entry<String, Object> e : args.entrySet()) {
            Method setter = setter(type, e.getKey());
            setter.invoke(instance, e.getValue());
        }
        return instance;
    }

    private static Method setter(Class<?> type, String property) {
        String name = "set" + Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.isAnnotationPresent(DataBoundSetter.class)) {
                return m;
            }
        }
        throw new AssertionError("no @DataBoundSetter for " + property);
    }

    static Object read(Object instance, String property) throws Exception {
        String cap = Character.toUpperCase(property.charAt(0)) + property.substring(1);
        for (String prefix : List.of("get", "is")) {
            try {
                Method m = instance.getClass().getMethod(prefix + cap);
                if (Modifier.isPublic(m.getModifiers())) {
                    return m.invoke(instance);
                }
            } catch (NoSuchMethodException ignored) {
                // try the other prefix
            }
        }
        throw new AssertionError("no getter for " + property);
    }

    @Test
    void snippetGeneratorRoundTripOfTheStep() throws Exception {
        Map<String, Object> args = sampleArguments();
        OptaDeployStep step = instantiate(OptaDeployStep.class, args);
        for (Map.Entry<String, Object> e : args.entrySet()) {
            assertThat(read(step, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
    }

    @Test
    void formRoundTripOfTheBuilderWithVariablesAsLines() throws Exception {
        Map<String, Object> args = sampleArguments();
        args.put("vars", "tier=prod\nregion=eu-west-1\n");
        OptaDeployBuilder builder = instantiate(OptaDeployBuilder.class, args);
        for (Map.Entry<String, Object> e : args.entrySet()) {
            assertThat(read(builder, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(builder.options().vars).containsExactly(Map.entry("tier", "prod"), Map.entry("region", "eu-west-1"));
    }

    @Test
    void globalConfigurationRoundTrip() throws Exception {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("defaultRegistry", "registry.example.com");
        args.put("defaultCredentialsId", "kube");
        args.put("defaultTimeout", 900);
        args.put("defaultLockWait", 1200);
        OptaDeployGlobalConfiguration config = instantiate(OptaDeployGlobalConfiguration.class, args);
        for (Map.Entry<String, Object> e : args.entrySet()) {
            assertThat(read(config, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(config.toDefaults()).isEqualTo(new DeployDefaults("registry.example.com", "kube", 900, null, 1200));
    }

    @Test
    void optionsBecomeTheEngineRequestWithDefaultsFilledIn() throws Exception {
        OptaDeployStep step = instantiate(OptaDeployStep.class, Map.of("file", "svc/opta.yaml", "vars", Map.of("a", "b")));
        var request = step.options().toRequest(new DeployDefaults("reg.example.com:443", "kube", 600), s -> s,
                "https://ci/job/x/1/", "jenkins-x-1");
        assertThat(request.file()).isEqualTo("svc/opta.yaml");
        assertThat(request.registry()).isEqualTo("reg.example.com:443");
        assertThat(request.timeout()).hasSeconds(600);
        assertThat(request.rollback()).isTrue();
        assertThat(request.vars()).containsEntry("a", "b");
        assertThat(request.buildTag()).isEqualTo("jenkins-x-1");
        assertThat(step.options().effectiveCredentialsId(new DeployDefaults(null, "kube", null))).isEqualTo("kube");
    }

    @Test
    void thePushStallTimeoutComesFromTheStepElseTheGlobalDefault() throws Exception {
        OptaDeployStep step = instantiate(OptaDeployStep.class, Map.of("pushStallTimeout", 5));
        OptaDeployStep unset = new OptaDeployStep();
        DeployDefaults defaults = new DeployDefaults(null, null, null, 45, null);

        assertThat(step.options().toRequest(defaults, s -> s, null, null).pushStallTimeout()).hasSeconds(5);
        assertThat(unset.options().toRequest(defaults, s -> s, null, null).pushStallTimeout()).hasSeconds(45);
        assertThat(unset.options().toRequest(DeployDefaults.NONE, s -> s, null, null).pushStallTimeout()).isNull();
        assertThat(new OptaDeployStep.DescriptorImpl().doCheckPushStallTimeout("0").kind)
                .isEqualTo(hudson.util.FormValidation.Kind.ERROR);
    }

    /** Apart from the rollout timeout: the step's, else the global default, else the engine's 10 min. */
    @Test
    void theLockWaitComesFromTheStepOrBuilderElseTheGlobalDefault() throws Exception {
        DeployDefaults defaults = new DeployDefaults(null, null, 60, null, 900);
        OptaDeployStep step = instantiate(OptaDeployStep.class, Map.of("lockWait", 120));
        OptaDeployBuilder builder = instantiate(OptaDeployBuilder.class, Map.of("lockWait", 240));
        OptaDeployStep unset = new OptaDeployStep();

        assertThat(step.options().toRequest(defaults, s -> s, null, null).lockWait()).hasSeconds(120);
        assertThat(builder.options().toRequest(defaults, s -> s, null, null).lockWait()).hasSeconds(240);
        var fromDefault = unset.options().toRequest(defaults, s -> s, null, null);
        assertThat(fromDefault.lockWait()).hasSeconds(900);
        assertThat(fromDefault.timeout()).as("not the rollout timeout").hasSeconds(60);
        assertThat(unset.options().toRequest(DeployDefaults.NONE, s -> s, null, null).effectiveLockWait())
                .isEqualTo(io.jenkins.plugins.optadeploy.flow.DeployRequest.DEFAULT_LOCK_WAIT);
        // structs' Snippet Generator leaves out a property whose value is that of a fresh instance: null here
        assertThat(unset.getLockWait()).isNull();
        assertThat(new OptaDeployBuilder().getLockWait()).isNull();
        unset.setLockWait(0);
        assertThat(unset.getLockWait()).as("an empty field binds as 0: not set").isNull();
        for (hudson.util.FormValidation v : List.of(new OptaDeployStep.DescriptorImpl().doCheckLockWait("0"),
                new OptaDeployBuilder.DescriptorImpl().doCheckLockWait("ten"),
                new OptaDeployGlobalConfiguration().doCheckDefaultLockWait("-5"))) {
            assertThat(v.kind).isEqualTo(hudson.util.FormValidation.Kind.ERROR);
        }
        assertThat(new OptaDeployStep.DescriptorImpl().doCheckLockWait("600").kind)
                .isEqualTo(hudson.util.FormValidation.Kind.OK);
    }

    @Test
    void pathsLeavingTheWorkspaceAreRefusedBeforeAnythingRuns() {
        OptaDeployStep step = new OptaDeployStep();
        step.setFile("../other/opta.yaml");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> step.options().toRequest(DeployDefaults.NONE, s -> s, null, null))
                .hasMessageContaining("file").hasMessageContaining("..");
    }

    /** {@code optaDeploy vars: [replicas: 3, canary: true]}: Groovy passes numbers and booleans, not strings. */
    @Test
    void pipelineVarsOfAnyTypeBecomeStrings() throws Exception {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("replicas", 3);
        vars.put("canary", true);
        vars.put("tier", "prod");
        vars.put("unset", null);
        OptaDeployStep step = instantiate(OptaDeployStep.class, Map.of("vars", vars));
        var request = step.options().toRequest(DeployDefaults.NONE, s -> s, null, null);
        assertThat(request.vars()).containsOnly(Map.entry("replicas", "3"), Map.entry("canary", "true"),
                Map.entry("tier", "prod"), Map.entry("unset", ""));
        for (Map.Entry<String, String> e : request.vars().entrySet()) {
            assertThat((Object) e.getValue()).isInstanceOf(String.class); // no ClassCastException later
        }
    }

    /** Stapler binds doCheck/doFill parameters by their names: compiled with -parameters, as the parent POM does. */
    @ParameterizedTest
    @ValueSource(classes = {OptaDeployStep.DescriptorImpl.class, OptaDeployBuilder.DescriptorImpl.class,
            OptaDeployGlobalConfiguration.class})
    void formMethodsKeepTheirParameterNames(Class<?> c) {
        int checked = 0;
        for (Method m : c.getMethods()) { // the declared ones and those of DeployFormMethods
            if (m.getName().startsWith("doCheck") || m.getName().startsWith("doFill")) {
                for (var p : m.getParameters()) {
                    assertThat(p.isNamePresent()).as(m.getName() + " parameter " + p).isTrue();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1);
        assertThat(Set.of("value", "credentialsId", "serverUrl", "registry", "registryCredentialsId",
                "defaultCredentialsId", "item")).as("names Stapler sees").containsAll(parameterNames(c));
    }

    private static Set<String> parameterNames(Class<?> c) {
        Set<String> out = new TreeSet<>();
        for (Method m : c.getMethods()) {
            if (m.getName().startsWith("doCheck") || m.getName().startsWith("doFill")) {
                for (var p : m.getParameters()) {
                    out.add(p.getName());
                }
            }
        }
        return out;
    }
}
