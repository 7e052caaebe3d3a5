package hudson.model;

import java.io.PrintStream;
import java.io.Serializable;

/**
 * Compile-only copy of Jenkins' {@code TaskListener}: the build log. Real Jenkins makes it serializable over remoting
 * only (SerializableOnlyOverRemoting): a callable that carries it writes to the build log from the agent.
 */
public interface TaskListener extends Serializable {
    PrintStream getLogger();
}
