package hudson.remoting;

/** Compile-only copy of remoting's {@code VirtualChannel}; the plugin never calls it directly. */
public interface VirtualChannel {}
