package io.jenkins.plugins.optadeploy.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Multi-document YAML of fabric8 objects. fabric8's Jackson mapping turns each object into ordered maps (fields in the
 * model's declared order, maps in insertion order); SnakeYAML writes them in block style, quoting exactly the strings
 * that YAML would otherwise read as another type ({@code "true"}, {@code "0.05"}, {@code "3600"}) and never folding
 * long values. The same objects always give the same bytes.
 */
final class ManifestYaml {
    private static final KubernetesSerialization JSON_MODEL = new KubernetesSerialization();

    private ManifestYaml() {}

    static String dump(List<HasMetadata> objects) {
        List<Object> documents = new ArrayList<>(objects.size());
        for (HasMetadata object : objects) {
            documents.add(JSON_MODEL.convertValue(object, Map.class));
        }
        return yaml().dumpAll(documents.iterator());
    }

    /** A new instance per call (about 40 µs): SnakeYAML's emitter keeps state and is not thread-safe. */
    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setExplicitStart(true);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        return new Yaml(new SafeConstructor(new LoaderOptions()), new Representer(options), options, new GoYamlResolver());
    }

    /**
     * SnakeYAML quotes a string when its resolver would read it back as something else. kubectl reads YAML with Go's
     * YAML 1.1 rules, which also take {@code y}/{@code n} for booleans, {@code 0o17}/{@code 0b101}/{@code 1_000} for
     * integers and {@code 1e3} for a float; those must be quoted too, or {@code kubectl apply -f} rejects the file.
     */
    private static final class GoYamlResolver extends Resolver {
        private static final Pattern GO_BOOL = Pattern.compile("^(?:y|Y|n|N)$");
        private static final Pattern GO_INT =
                Pattern.compile("^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*)$");
        private static final Pattern GO_FLOAT = Pattern.compile("^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, GO_BOOL, "yYnN");
            addImplicitResolver(Tag.INT, GO_INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, GO_FLOAT, "-+.0123456789");
            super.addImplicitResolvers();
        }
    }
}
