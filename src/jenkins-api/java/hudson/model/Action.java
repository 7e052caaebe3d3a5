package hudson.model;

/** Compile-only copy of Jenkins' {@code Action}: something attached to a model object, optionally with a page. */
public interface Action extends ModelObject {
    String getIconFileName();

    String getUrlName();
}
