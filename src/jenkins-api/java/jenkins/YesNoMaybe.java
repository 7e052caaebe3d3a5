package jenkins;

/** Compile-only copy of Jenkins' {@code YesNoMaybe}. */
public enum YesNoMaybe {
    YES,
    NO,
    MAYBE
}
