package hudson.model;

/** Compile-only copy of Jenkins' {@code BuildBadgeAction}: rendered by badge.jelly on the build history row. */
public interface BuildBadgeAction extends Action {}
