package hudson.util;

import java.io.IOException;

/** Compile-only copy of Jenkins' {@code FormValidation}: the kind and message a form check reports. */
public abstract class FormValidation extends IOException {
    private static final long serialVersionUID = 1L;
    public final Kind kind;

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static FormValidation ok() {
        return new Plain(Kind.OK, null);
    }

    public static FormValidation ok(String message) {
        return new Plain(Kind.OK, message);
    }

    public static FormValidation warning(String message) {
        return new Plain(Kind.WARNING, message);
    }

    public static FormValidation error(String message) {
        return new Plain(Kind.ERROR, message);
    }

    public abstract String renderHtml();

    public enum Kind {
        OK,
        WARNING,
        ERROR
    }

    private static final class Plain extends FormValidation {
        private static final long serialVersionUID = 1L;

        Plain(Kind kind, String message) {
            super(kind, message);
        }

        @Override
        public String renderHtml() {
            String m = getMessage() == null ? "" : getMessage();
            return "<div class=" + kind.name().toLowerCase(java.util.Locale.ROOT) + ">"
                    + m.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</div>";
        }
    }
}
