package hudson.console;

/**
 * Compile-only copy of Jenkins' {@code HyperlinkNote}. Real Jenkins wraps the text in an encoded console note that the
 * console view turns into a link; without Jenkins the text stays plain, which is what a reader of the raw log sees.
 */
public class HyperlinkNote {
    private HyperlinkNote() {}

    public static String encodeTo(String url, String text) {
        return text;
    }
}
