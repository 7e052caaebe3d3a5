package io.jenkins.plugins.optadeploy.manifests;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

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

    /** A new instance per call: SnakeYAML's emitter is not thread-safe. */
    private static Yaml yaml() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setExplicitStart(true);
        options.setIndent(2);
        options.setIndicatorIndent(0);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        options.setLineBreak(DumperOptions.LineBreak.UNIX);
        return new Yaml(options);
    }
}
