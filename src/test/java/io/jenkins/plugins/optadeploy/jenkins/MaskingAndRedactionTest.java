package io.jenkins.plugins.optadeploy.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskingAndRedactionTest {

    @Test
    void everyLineIsPrefixedAndSecretsAreMaskedInConsoleAndFile(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path file = dir.resolve("opta-deploy/opta-deploy-1.log");
        String canary = "canary-Pa55word!";
        MaskingDeployLog log = new MaskingDeployLog(new PrintStream(console, true, StandardCharsets.UTF_8), file.toFile(),
                Set.of(canary, "ab"));
        log.line("login with " + canary + " failed");
        log.line("Authorization: Basic " + Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8)));
        log.line("ab stays: too short to mask");
        String out = console.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).allMatch(l -> l.startsWith("[optaDeploy] "));
        assertThat(out).doesNotContain(canary).doesNotContain("Y2FuYXJ5").contains("login with **** failed")
                .contains("ab stays");
        assertThat(Files.readString(file)).doesNotContain(canary).contains("login with **** failed");
    }

    @Test
    void secretDataIsRedactedAndOtherObjectsAreUntouched() {
        String yaml = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: settings
                data:
                  mode: fast
                ---
                apiVersion: v1
                kind: Secret
                metadata:
                  name: creds
                data:
                  password: c2VjcmV0LWNhbmFyeQ==
                  cert: |
                    line-one-canary
                    line-two-canary
                stringData: {token: plain-canary}
                type: Opaque
                """;
        String out = ManifestRedactor.redact(yaml);
        assertThat(out).doesNotContain("c2VjcmV0LWNhbmFyeQ==").doesNotContain("line-one-canary")
                .doesNotContain("plain-canary").contains("password: <redacted>").contains("mode: fast")
                .contains("name: creds").contains("type: Opaque");
    }
}
