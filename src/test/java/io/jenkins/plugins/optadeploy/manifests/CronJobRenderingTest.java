package io.jenkins.plugins.optadeploy.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.jenkins.plugins.optadeploy.testing.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronJobRenderingTest {

    private static List<CronJob> cronJobs(Specs specs) {
        return new ManifestRenderer().render(specs.build(), Contexts.auto("hello", "hello")).cronJobs();
    }

    @Test
    void oneBatchV1CronJobPerEntryRunningTheServiceImage() {
        List<CronJob> jobs = cronJobs(Specs.minimal().withEnv("MODE", "batch")
                .withToleration("dedicated", "opta", "NoSchedule")
                .withCronJob("*/5 * * * *", List.of("python", "tick.py"), List.of("--fast"))
                .withCronJob("0 3 * * *", List.of("backup"), List.of()));
        assertThat(jobs).extracting(j -> j.getMetadata().getName())
                .containsExactly("hello-hello-k8s-service-0", "hello-hello-k8s-service-1");
        CronJob first = jobs.get(0);
        assertThat(first.getApiVersion()).isEqualTo("batch/v1");
        assertThat(first.getSpec().getSchedule()).isEqualTo("*/5 * * * *");
        PodTemplateSpec template = first.getSpec().getJobTemplate().getSpec().getTemplate();
        assertThat(template.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(template.getSpec().getTolerations()).hasSize(1);
        Container container = template.getSpec().getContainers().get(0);
        assertThat(container.getName()).isEqualTo("cron");
        assertThat(container.getImage()).isEqualTo("localhost:5000/hello/hello@" + Contexts.DIGEST);
        assertThat(container.getCommand()).containsExactly("python", "tick.py");
        assertThat(container.getArgs()).containsExactly("--fast");
        assertThat(container.getEnv()).extracting(EnvVar::getName).containsExactly("MODE");
        assertThat(container.getEnvFrom()).extracting(e -> e.getSecretRef().getName()).containsExactly("secret", "manual-secrets");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(jobs.get(1).getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).isEmpty();
    }

    @Test
    void jobPodsAreNotSelectedByTheService() {
        CronJob job = cronJobs(Specs.minimal().withPodLabel("team", "web").withPodAnnotation("example.com/a", "b")
                .withCronJob("0 * * * *", List.of("run"), List.of())).get(0);
        PodTemplateSpec template = job.getSpec().getJobTemplate().getSpec().getTemplate();
        assertThat(template.getMetadata().getLabels())
                .doesNotContainKeys(Labels.NAME, Labels.INSTANCE, Labels.OWNER)
                .containsEntry("cronjob", "true")
                .containsEntry("team", "web")
                .containsEntry(Labels.COMPONENT, "cron")
                .containsEntry(Labels.OPTA_MODULE, "hello");
        assertThat(template.getMetadata().getAnnotations())
                .containsEntry("linkerd.io/inject", "disabled").containsEntry("example.com/a", "b");
        assertThat(job.getMetadata().getLabels()).containsEntry(Labels.OWNER, "hello.hello")
                .containsEntry("tags.datadoghq.com/service", "hello-hello");
    }
}
