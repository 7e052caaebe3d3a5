package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.PersistentVolume;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code persistent_storage}: volumes, each at its own absolute path; any makes the workload a StatefulSet. */
final class PersistentStorageReader extends SectionReader {
    PersistentStorageReader(Values values) {
        super(values, "persistent_storage");
    }

    List<PersistentVolume> read(YamlMap module) {
        Map<String, Ref> paths = new HashMap<>();
        return list(module, "persistent_storage", ref -> entries(ref, List.of("size", "path"), map -> volume(map, paths)));
    }

    private PersistentVolume volume(YamlMap map, Map<String, Ref> paths) {
        Ref sizeRef = map.require("size");
        Ref pathRef = map.require("path");
        Integer size = sizeRef == null ? null : values.integer(sizeRef, 1, MAX);
        String path = pathRef == null ? null : values.string(pathRef);
        if (path != null && !path.startsWith("/")) {
            problems.error(pathRef, "'" + path + "' is not an absolute path: a volume is mounted at e.g. /data");
            return null;
        }
        if (path != null && paths.putIfAbsent(path, pathRef) != null) {
            problems.error(pathRef, "two volumes are mounted at " + path);
            return null;
        }
        return size != null && path != null ? new PersistentVolume(size, path) : null;
    }
}
