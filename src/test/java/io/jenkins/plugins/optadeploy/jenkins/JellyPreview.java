package io.jenkins.plugins.optadeploy.jenkins;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.jexl.ExpressionFactory;
import org.apache.commons.jexl.JexlContext;
import org.apache.commons.jexl.JexlHelper;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * A page of the plugin as Jenkins would render it, near enough for people to look at it without a Jenkins: the Jelly
 * tags the views use (if, choose, forEach, set; layout, main-panel, summary), expressions evaluated with JEXL as
 * Jelly does and escaped (the views escape by default), {@code ${%Text}} shown as its text, a small stylesheet in the
 * spirit of Jenkins' tables. Tags it does not know fail the rendering rather than vanish.
 */
final class JellyPreview {
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{(%?)([^}]*)}");
    private static final String CORE = "jelly:core";
    private static final String STYLE = """
            body { font-family: system-ui, sans-serif; font-size: 14px; color: #14141f; margin: 0; }
            header { background: #f8f8f8; border-bottom: 1px solid #ddd; padding: 10px 24px; font-weight: 600; }
            main { padding: 8px 24px; max-width: 1100px; }
            h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 24px; }
            .jenkins-table { border-collapse: collapse; margin: 6px 0; }
            .jenkins-table th, .jenkins-table td { border-bottom: 1px solid #e4e4e8; padding: 5px 12px; text-align: left; }
            .jenkins-table th { color: #555; font-weight: 600; }
            .ok { color: #138347; } .failed { color: #c4000a; } .running { color: #0b6aa2; }
            pre { background: #f4f4f6; padding: 10px; overflow: auto; max-height: 320px; }
            code { font-size: 13px; } table.summary td { vertical-align: top; padding: 4px; }
            """;

    private final Path webapp;
    private final StringBuilder out = new StringBuilder();
    private final Map<String, Object> vars = new HashMap<>();

    private JellyPreview(Path webapp) {
        this.webapp = webapp;
    }

    /** The whole page: a view with {@code l:layout} is a page of its own, others (summary) are shown in one. */
    static String render(Path jelly, Object it, Path webapp) throws Exception {
        JellyPreview p = new JellyPreview(webapp);
        p.vars.put("it", it);
        p.vars.put("rootURL", "");
        Element root = Views.parse(jelly).getDocumentElement();
        p.children(root);
        String body = p.out.toString().strip();
        return body.startsWith("<!DOCTYPE") ? body : page("Build #7", "<main>" + body + "</main>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title><style>" + STYLE
                + "</style></head><body><header>Jenkins › demo › #7</header>" + body + "</body></html>";
    }

    private void children(Node parent) throws Exception {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            node(n);
        }
    }

    private void node(Node n) throws Exception {
        if (n.getNodeType() == Node.TEXT_NODE) {
            out.append(escape(interpolate(n.getNodeValue())));
        } else if (n.getNodeType() == Node.ELEMENT_NODE) {
            element((Element) n);
        }
    }

    private void element(Element e) throws Exception {
        String ns = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
        String tag = e.getLocalName();
        switch (ns + " " + tag) {
            case CORE + " if" -> {
                if (truth(e.getAttribute("test"))) {
                    children(e);
                }
            }
            case CORE + " choose" -> choose(e);
            case CORE + " set" -> vars.put(e.getAttribute("var"), value(e.getAttribute("value")));
            case CORE + " forEach" -> {
                for (Object item : (Iterable<?>) value(e.getAttribute("items"))) {
                    vars.put(e.getAttribute("var"), item);
                    children(e);
                }
            }
            case "jelly:stapler header", "jelly:stapler include", "/lib/layout side-panel" -> { }
            case "/lib/layout layout" -> {
                JellyPreview inner = new JellyPreview(webapp);
                inner.vars.putAll(vars);
                inner.children(e);
                out.append(page(interpolate(e.getAttribute("title")), inner.out.toString()));
            }
            case "/lib/layout main-panel" -> {
                out.append("<main>");
                children(e);
                out.append("</main>");
            }
            case "/lib/hudson summary" -> {
                out.append("<table class=\"summary\"><tr><td><img width=\"48\" height=\"48\" src=\"")
                        .append(escape(resource(interpolate(e.getAttribute("icon"))))).append("\"></td><td>");
                children(e);
                out.append("</td></tr></table>");
            }
            default -> {
                if (!ns.isEmpty()) {
                    throw new IllegalArgumentException("the preview does not know <" + e.getTagName() + ">");
                }
                html(e);
            }
        }
    }

    private void choose(Element e) throws Exception {
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element w && ("otherwise".equals(w.getLocalName()) || truth(w.getAttribute("test")))) {
                children(w);
                return;
            }
        }
    }

    private void html(Element e) throws Exception {
        out.append('<').append(e.getTagName());
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            String value = interpolate(a.getNodeValue());
            out.append(' ').append(a.getNodeName()).append("=\"")
                    .append(escape(a.getNodeName().equals("src") ? resource(value) : value)).append('"');
        }
        out.append('>');
        children(e);
        out.append("</").append(e.getTagName()).append('>');
    }

    /** The plugin's own images, from the source tree. */
    private String resource(String path) {
        String prefix = "/plugin/opta-deploy/";
        return path.startsWith(prefix) ? webapp.resolve(path.substring(prefix.length())).toUri().toString() : path;
    }

    private String interpolate(String text) throws Exception {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            Object v = m.group(1).isEmpty() ? value(m.group(2)) : m.group(2);
            m.appendReplacement(b, Matcher.quoteReplacement(v == null ? "" : String.valueOf(v)));
        }
        m.appendTail(b);
        return b.toString();
    }

    private boolean truth(String test) throws Exception {
        return Boolean.TRUE.equals(value(test.substring(2, test.length() - 1)));
    }

    private Object value(String expression) throws Exception {
        String e = expression.startsWith("${") ? expression.substring(2, expression.length() - 1) : expression;
        JexlContext context = JexlHelper.createContext();
        @SuppressWarnings("unchecked")
        Map<String, Object> map = context.getVars();
        map.putAll(vars);
        return ExpressionFactory.createExpression(e).evaluate(context);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
