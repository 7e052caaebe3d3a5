package io.jenkins.plugins.optadeploy.flow;

import java.io.Serializable;

/**
 * What a deploy has applied and is waiting for: enough to resume the wait after a controller restart, or to roll
 * back. Opaque to callers, who persist it and hand it back; it holds no credential.
 */
public final class Release implements Serializable {
    private static final long serialVersionUID = 1L;
}
