package io.jenkins.plugins.optadeploy.jenkins;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reads the plugin's Jelly and HTML views as XML (no DTDs, no external entities). */
final class Views {
    private Views() {}

    static Document parse(Path file) throws IOException, SAXException, ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(file.toFile());
    }

    /** The form's fields, with those of the fragments it includes by class ({@code st:include page class}). */
    static Set<String> fieldNames(Path jelly) throws Exception {
        Set<String> out = new TreeSet<>();
        NodeList all = parse(jelly).getElementsByTagNameNS("*", "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("field")) {
                out.add(e.getAttribute("field"));
            }
            if ("include".equals(e.getLocalName()) && "jelly:stapler".equals(e.getNamespaceURI())
                    && e.hasAttribute("class")) { // not those of another object's views (it="...")
                out.addAll(fieldNames(included(e)));
            }
        }
        return out;
    }

    /** Where Stapler finds an included page: the class's view folder (IncludeTag loads it through that class). */
    static Path included(Element include) {
        String owner = include.getAttribute("class");
        if (!owner.startsWith("io.jenkins.plugins.optadeploy.")) {
            throw new AssertionError("an include of a page of this plugin names its class: " + owner);
        }
        return Path.of("src/main/resources", owner.replace('.', '/'), include.getAttribute("page"));
    }
}
