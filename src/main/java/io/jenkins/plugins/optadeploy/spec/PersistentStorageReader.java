package io.jenkins.plugins.optadeploy.spec;

import io.jenkins.plugins.optadeploy.spec.K8sService.PersistentVolume;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code persistent_storage}: volumes, each at its own absolute path; any makes the workload a StatefulSet. */
final class PersistentStorageReader extends SectionReader {
    PersistentStorageReader(Values values) {
        super(values, "persistent_storage");
    }

    List<PersistentVolume> read(YamlMap module) {
        return list(module, "persistent_storage", this::persistentStorage);
    }

    private List<PersistentVolume> persistentStorage(Ref ref) {
        List<Ref> items = values.list(ref);
        if (items == null) {
            return null;
        }
        List<PersistentVolume> out = new ArrayList<>();
        Map<String, Ref> paths = new HashMap<>();
        for (Ref item : items) {
            YamlMap map = YamlMap.of(item, problems);
            if (map == null) {
                continue;
            }
            map.rejectUnknown(List.of("size", "path"));
            Ref sizeRef = map.require("size");
            Ref pathRef = map.require("path");
            Integer size = sizeRef == null ? null : values.integer(sizeRef, 1, MAX);
            String path = pathRef == null ? null : values.string(pathRef);
            if (path != null && !path.startsWith("/")) {
                problems.error(pathRef, "'" + path + "' is not an absolute path: a volume is mounted at e.g. /data");
                continue;
            }
            if (path != null && paths.putIfAbsent(path, pathRef) != null) {
                problems.error(pathRef, "two volumes are mounted at " + path);
                continue;
            }
            if (size != null && path != null) {
                out.add(new PersistentVolume(size, path));
            }
        }
        return out;
    }
}
