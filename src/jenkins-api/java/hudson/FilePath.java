package hudson;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;

/**
 * Compile-only copy of Jenkins' {@code FilePath}, local files only: {@link #act} runs the callable in this JVM, as
 * real Jenkins does for a controller-local path.
 */
public final class FilePath {
    private final File file;

    public FilePath(File localPath) {
        this.file = localPath;
    }

    public String getRemote() {
        return file.getPath();
    }

    public <T> T act(FileCallable<T> callable) throws IOException, InterruptedException {
        return callable.invoke(file, null);
    }

    public FilePath child(String relOrAbsolute) {
        File f = new File(relOrAbsolute);
        return new FilePath(f.isAbsolute() ? f : new File(file, relOrAbsolute));
    }

    public boolean exists() throws IOException, InterruptedException {
        return file.exists();
    }

    @Override
    public String toString() {
        return getRemote();
    }

    /** Work that runs where the file is (on the agent for a remote path). */
    public interface FileCallable<T> extends Serializable {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
