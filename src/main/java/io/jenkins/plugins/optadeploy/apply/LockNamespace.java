package io.jenkins.plugins.optadeploy.apply;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** The namespace a deploy lock's Lease lives in, which a first deploy creates. */
final class LockNamespace {
    private LockNamespace() {}

    /** Creates the namespace when missing (the Lease lives in it); true when this call created it. */
    static boolean ensure(KubernetesClient client, String namespace) throws LockRefusedException {
        Namespace live;
        try {
            live = client.namespaces().withName(namespace).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return false; // a namespace-scoped credential: the namespace exists or it could not create it anyway
            }
            throw e;
        }
        if (live != null) {
            return false;
        }
        Namespace object = new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build();
        try {
            client.namespaces().resource(object).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                ObjectRef ref = new ObjectRef("v1", "Namespace", null, namespace);
                throw new LockRefusedException(ApiErrors.describe("create", ref, namespace, e));
            }
            return false;
        }
    }
}
