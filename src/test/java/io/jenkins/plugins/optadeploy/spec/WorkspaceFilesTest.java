package io.jenkins.plugins.optadeploy.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service file and its environment file must be workspace files: no '..' escape, absolute path or outside link. */
class WorkspaceFilesTest {
    private static final String SERVICE = "name: shop\nmodules:\n  - type: k8s-service\n    image: nginx\n    port: {http: 80}\n";

    @TempDir
    Path temp;
    private Path workspace;
    private Path outside;
    private final SpecReader reader = new SpecReader();

    @BeforeEach
    void layout() throws IOException {
        workspace = Files.createDirectories(temp.resolve("ws"));
        outside = Files.writeString(temp.resolve("outside.yaml"), SERVICE);
    }

    @Test
    void dotDotOutOfTheWorkspaceIsRefused() {
        assertThatThrownBy(() -> reader.read(workspace, "../outside.yaml", SpecInputs.none()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("../outside.yaml: '../outside.yaml' leads outside the workspace: only workspace files are read");
    }

    @Test
    void dotDotThatStaysInsideIsFine() throws Exception {
        Files.createDirectories(workspace.resolve("a"));
        Files.writeString(workspace.resolve("opta.yaml"), SERVICE);

        assertThat(reader.read(workspace, "a/../opta.yaml", SpecInputs.none()).layerName()).isEqualTo("shop");
    }

    @Test
    void absolutePathIsRefusedEvenInsideTheWorkspace() throws Exception {
        Path inside = Files.writeString(workspace.resolve("opta.yaml"), SERVICE);

        assertThatThrownBy(() -> reader.read(workspace, inside.toString(), SpecInputs.none()))
                .hasMessage(inside + ": '" + inside + "' is an absolute path: give the file relative to the workspace");
    }

    @Test
    void symlinkLeadingOutsideIsRefused() throws Exception {
        Files.createSymbolicLink(workspace.resolve("opta.yaml"), outside);

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessage("opta.yaml: 'opta.yaml' is a symbolic link leading outside the workspace: only workspace "
                        + "files are read");
    }

    @Test
    void symlinkedDirectoryLeadingOutsideIsRefused() throws Exception {
        Files.createSymbolicLink(workspace.resolve("deploy"), temp);

        assertThatThrownBy(() -> reader.read(workspace, "deploy/outside.yaml", SpecInputs.none()))
                .hasMessageContaining("is a symbolic link leading outside the workspace");
    }

    @Test
    void symlinkInsideTheWorkspaceIsFollowed() throws Exception {
        Files.writeString(workspace.resolve("real.yaml"), SERVICE);
        Files.createSymbolicLink(workspace.resolve("opta.yaml"), workspace.resolve("real.yaml"));

        assertThat(reader.read(workspace, "opta.yaml", SpecInputs.none()).service().moduleName()).isEqualTo("k8sservice");
    }

    @Test
    void missingFileAndDirectoryAreClearMessages() throws Exception {
        Files.createDirectories(workspace.resolve("dir"));

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessage("opta.yaml: 'opta.yaml' does not exist in the workspace");
        assertThatThrownBy(() -> reader.read(workspace, "dir", SpecInputs.none()))
                .hasMessage("dir: 'dir' is not a regular file");
    }

    @Test
    void nonUtf8FileIsRefused() throws Exception {
        Files.write(workspace.resolve("opta.yaml"), new byte[] {'x', ':', '\n', 'n', 'a', 'm', 'e', ':', ' ', (byte) 0xC3,
            (byte) 0x28});

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessage("opta.yaml:2:7: the byte 0xC3 is not UTF-8 text: save the file as UTF-8");
    }

    @Test
    void aSymbolicLinkLoopSaysSo() throws Exception {
        Files.createSymbolicLink(workspace.resolve("a.yaml"), workspace.resolve("b.yaml"));
        Files.createSymbolicLink(workspace.resolve("b.yaml"), workspace.resolve("a.yaml"));

        assertThatThrownBy(() -> reader.read(workspace, "a.yaml", SpecInputs.none()))
                .hasMessage("a.yaml: 'a.yaml' is a symbolic link that leads nowhere (its target is missing, or links loop)");
    }

    @Test
    void aFileNameWithANewlineStaysOnOneLine() {
        assertThatThrownBy(() -> reader.read(workspace, "a\nb.yaml", SpecInputs.none()))
                .hasMessage("a\\nb.yaml: 'a\\nb.yaml' does not exist in the workspace");
    }

    @Test
    void aFileUrlIsRefusedAsAUrl() throws Exception {
        Files.writeString(workspace.resolve("opta.yaml"), SERVICE);

        assertThatThrownBy(() -> reader.read(workspace, "file:///etc/passwd", SpecInputs.none()))
                .hasMessage("file:///etc/passwd: 'file:///etc/passwd' is a URL: give a path relative to the workspace");
        writeServiceWithEnvironmentPath("file:///env/opta.yaml");
        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessageEndingWith("environments[0].path: environment file: 'file:///env/opta.yaml' is a URL: give a "
                        + "path relative to the workspace");
    }

    @Test
    void environmentPathEscapingTheWorkspaceIsALocatedError() throws Exception {
        Files.writeString(temp.resolve("env.yaml"), "name: prod\norg_name: acme\n");
        writeServiceWithEnvironmentPath("../env.yaml");

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessage("opta.yaml:4:11: environments[0].path: environment file: '../env.yaml' leads outside the "
                        + "workspace: only workspace files are read");
    }

    @Test
    void absoluteEnvironmentPathIsALocatedError() throws Exception {
        Path env = Files.writeString(workspace.resolve("env.yaml"), "name: prod\norg_name: acme\n");
        writeServiceWithEnvironmentPath(env.toString());

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessage("opta.yaml:4:11: environments[0].path: environment file: '" + env
                        + "' is an absolute path: give the file relative to the workspace");
    }

    @Test
    void environmentSymlinkEscapingIsALocatedError() throws Exception {
        Path env = Files.writeString(temp.resolve("env.yaml"), "name: prod\norg_name: acme\n");
        Files.createSymbolicLink(workspace.resolve("env.yaml"), env);
        writeServiceWithEnvironmentPath("env.yaml");

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessage("opta.yaml:4:11: environments[0].path: environment file: 'env.yaml' is a symbolic link "
                        + "leading outside the workspace: only workspace files are read");
    }

    @Test
    void gitEnvironmentPathSaysOnlyWorkspaceFilesAreSupported() throws Exception {
        writeServiceWithEnvironmentPath("git@github.com:acme/envs.git//prod.yaml?ref=main");

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessage("opta.yaml:4:11: environments[0].path: 'git@github.com:acme/envs.git//prod.yaml?ref=main' "
                        + "is a git URL: only environment files inside the workspace are supported; check the "
                        + "environment file out into the workspace and give its relative path");
    }

    @Test
    void problemsInsideTheEnvironmentFileNameThatFile() throws Exception {
        Files.createDirectories(workspace.resolve("envs"));
        Files.writeString(workspace.resolve("envs/prod.yaml"), "name: prod\nenvironments:\n  - name: x\n    path: y\n");
        writeServiceWithEnvironmentPath("envs/prod.yaml");

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessage("envs/prod.yaml:1:1: this is not an environment file: it has no org_name\n"
                        + "envs/prod.yaml:2:1: environments: an environment file cannot itself list environments");
    }

    @Test
    void anEnvironmentNameThatCannotBeALabelValueIsRefused() throws Exception {
        Files.writeString(workspace.resolve("env.yaml"), "name: Prod Env\norg_name: acme\n");
        writeServiceWithEnvironmentPath("env.yaml");

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessage("env.yaml:1:7: name: 'Prod Env' is not a valid label value: at most 63 letters, digits, '-', "
                        + "'_' or '.', beginning and ending with a letter or digit: the environment's name becomes the "
                        + "label opta.dev/environment-name of every object");
    }

    @Test
    void brokenYamlInTheEnvironmentFileIsLocatedThere() throws Exception {
        Files.writeString(workspace.resolve("env.yaml"), "name: prod\norg_name: [acme\n");
        writeServiceWithEnvironmentPath("env.yaml");

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).problems()).singleElement()
                        .satisfies(p -> {
                            assertThat(p.file()).isEqualTo("env.yaml");
                            assertThat(p.line()).isEqualTo(3);
                        }));
    }

    @Test
    void missingEnvironmentFileIsReportedOnceNotAgainAtEachEnvPlaceholder() throws Exception {
        Files.writeString(workspace.resolve("opta.yaml"), "name: shop\nenvironments:\n  - name: prod\n    path: prod.yaml\n"
                + SERVICE.substring("name: shop\n".length()) + "    env_vars:\n      ENV: \"{env}\"\n");

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessage("opta.yaml:4:11: environments[0].path: environment file: 'prod.yaml' does not exist in the "
                        + "workspace");
    }

    @Test
    void layerNamedLikeItsEnvironmentIsRefused() throws Exception {
        Files.writeString(workspace.resolve("env.yaml"), "name: shop\norg_name: acme\n");
        writeServiceWithEnvironmentPath("env.yaml");

        assertThatThrownBy(() -> reader.read(workspace, "opta.yaml", SpecInputs.none()))
                .hasMessage("opta.yaml:1:7: name: the layer is named like its environment ('shop'): give the service "
                        + "its own name, it becomes the namespace");
    }

    private void writeServiceWithEnvironmentPath(String path) throws IOException {
        Files.writeString(workspace.resolve("opta.yaml"), "name: shop\nenvironments:\n  - name: prod\n    path: \""
                + path + "\"\n" + SERVICE.substring("name: shop\n".length()), StandardCharsets.UTF_8);
    }
}
