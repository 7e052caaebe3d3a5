package io.jenkins.plugins.optadeploy.harness;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.jenkins.plugins.optadeploy.testing.MockCluster;
import io.jenkins.plugins.optadeploy.testing.PodScript;
import io.jenkins.plugins.optadeploy.testing.RolloutSimulator;
import java.io.IOException;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;

/** The mock API server with the rollout simulator, plus the Pipeline that deploys an external image to it. */
final class TestCluster implements AutoCloseable {
    static final String WORKLOAD = "shop-orders-k8s-service";

    final MockCluster cluster = MockCluster.start();
    final RolloutSimulator simulator = new RolloutSimulator(cluster);

    TestCluster(PodScript pods) {
        simulator.script(WORKLOAD, pods);
    }

    /** A bearer token credential, as a user would store it (secret text), visible to every job. */
    static void addTokenCredential() throws IOException {
        SystemCredentialsProvider.getInstance().getCredentials().add(new StringCredentialsImpl(CredentialsScope.GLOBAL,
                "kube", "mock cluster token", Secret.fromString("harness-token")));
        SystemCredentialsProvider.getInstance().save();
    }

    String pipeline() {
        return """
                node {
                  writeFile file: 'opta.yaml', text: '''name: shop
                org_name: acme
                modules:
                  - type: k8s-service
                    name: orders
                    image: nginx:1.27
                    port:
                      http: 8080
                    healthcheck_path: /healthz
                '''
                  def out = optaDeploy file: 'opta.yaml', credentialsId: 'kube', serverUrl: '%s', timeout: 60
                  echo "namespace=${out.namespace} image=${out.image}"
                }
                """.formatted(cluster.url());
    }

    @Override
    public void close() {
        simulator.close();
        cluster.close();
    }
}
