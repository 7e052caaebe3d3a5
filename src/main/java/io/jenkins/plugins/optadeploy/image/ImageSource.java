package io.jenkins.plugins.optadeploy.image;

import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/** Where the image to push comes from. Serializable: the orchestration builds it on the controller, the agent pushes. */
public sealed interface ImageSource extends Serializable {

    /** Short description for logs and messages. */
    String describe();

    /**
     * An image in the agent's local Docker daemon, read with {@code docker save}.
     *
     * @param image {@code name:tag} as the daemon knows it
     * @param dockerCommand the docker CLI: a bare name looked up on PATH, or an absolute path
     */
    record DockerDaemon(String image, String dockerCommand) implements ImageSource {
        public DockerDaemon {
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(dockerCommand, "dockerCommand");
        }

        public DockerDaemon(String image) {
            this(image, "docker");
        }

        @Override
        public String describe() {
            return "local Docker image " + image;
        }
    }

    /** An image tarball: docker-archive (docker save, kaniko, buildah), OCI archive tar, or OCI layout directory. */
    record Archive(Path tarball) implements ImageSource {
        public Archive {
            Objects.requireNonNull(tarball, "tarball");
        }

        @Override
        public String describe() {
            return "image archive " + tarball;
        }

        // Path is not Serializable; travel as a string.
        @Serial
        private Object writeReplace() {
            return new SerializedArchive(tarball.toString());
        }
    }

    /** An image already in a registry, copied (never rebuilt) into the target. */
    record Registry(String reference, RegistryAuth auth) implements ImageSource {
        public Registry {
            Objects.requireNonNull(reference, "reference");
            auth = auth == null ? RegistryAuth.none() : auth;
        }

        @Override
        public String describe() {
            return "registry image " + reference;
        }
    }
}

/** Serialized form of {@link ImageSource.Archive}. */
record SerializedArchive(String path) implements Serializable {
    @Serial
    private Object readResolve() {
        return new ImageSource.Archive(Path.of(path));
    }
}
