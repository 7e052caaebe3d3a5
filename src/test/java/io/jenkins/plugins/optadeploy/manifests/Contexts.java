package io.jenkins.plugins.optadeploy.manifests;

/** Render contexts for tests: a pushed AUTO image and an external image without digest. */
final class Contexts {
    static final String DIGEST = "sha256:3b2e1c5a9f0d4e7b8a6c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a";

    private Contexts() {}

    static RenderContext auto(String layer, String module) {
        String repo = "localhost:5000/" + layer + "/" + module;
        return new RenderContext(repo + "@" + DIGEST, DIGEST, repo,
                "https://jenkins.example.com/job/" + module + "/42/", "jenkins-" + module + "-42", "opta-deploy/0.1.0");
    }

    static RenderContext external(String reference) {
        return new RenderContext(reference, null, null, null, null, "opta-deploy/0.1.0");
    }
}
