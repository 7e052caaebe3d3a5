package io.jenkins.plugins.optadeploy.jenkins;

import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A build without Jenkins: a run with a real build directory and a listener that keeps the console text. */
final class FakeBuild {
    private FakeBuild() {}

    static final class FakeJob extends Job<FakeJob, FakeRun> {
        FakeJob() {
            super(null, "demo");
        }
    }

    static final class FakeRun extends Run<FakeJob, FakeRun> {
        private final File rootDir;

        FakeRun(File rootDir) throws IOException {
            super(new FakeJob());
            this.rootDir = rootDir;
            this.number = 7;
        }

        @Override
        public File getRootDir() {
            return rootDir;
        }

        @Override
        public String getUrl() {
            return "job/demo/7/";
        }

        @Override
        public String getExternalizableId() {
            return "demo#7";
        }
    }

    static final class Console implements TaskListener {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        @Override
        public PrintStream getLogger() {
            return out;
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
