package io.jenkins.plugins.optadeploy.spec;

import org.yaml.snakeyaml.nodes.Node;

/** A YAML node with the file it came from and its field path ({@code modules[0].port.http}); what problems point at. */
record Ref(SourceFile file, Node node, String path) {

    Ref child(String key, Node value) {
        return new Ref(file, value, path.isEmpty() ? key : path + "." + key);
    }

    Ref item(int index, Node value) {
        return new Ref(file, value, path + "[" + index + "]");
    }

    /** The same place, renamed: used when a problem concerns a map key rather than its value. */
    Ref at(Node other) {
        return new Ref(file, other, path);
    }
}
