package io.jenkins.plugins.optadeploy.manifests;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.jenkins.plugins.optadeploy.spec.K8sService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** batch/v1 CronJobs (Opta fell back to batch/v1beta1, gone since Kubernetes 1.25), one per {@code cron_jobs} entry. */
final class CronJobs {
    private CronJobs() {}

    static List<CronJob> cronJobs(Metadata meta) {
        List<K8sService.CronJob> crons = meta.service().cronJobs();
        List<CronJob> jobs = new ArrayList<>();
        for (int i = 0; i < crons.size(); i++) {
            jobs.add(cronJob(meta, i, crons.get(i)));
        }
        return jobs;
    }

    private static CronJob cronJob(Metadata meta, int index, K8sService.CronJob cron) {
        K8sService service = meta.service();
        Map<String, String> annotations = new LinkedHashMap<>();
        // linkerd's proxy would keep the job's pod running after the job ends (linkerd/linkerd2#1869), as in Opta.
        annotations.put("linkerd.io/inject", "disabled");
        annotations.putAll(service.pod().annotations());
        return new CronJobBuilder()
                .withMetadata(meta.object(meta.names().cronJob(index), meta.commonWithDatadog()))
                .withNewSpec()
                .withSchedule(cron.schedule())
                .withNewJobTemplate()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(podLabels(meta))
                .withAnnotations(annotations)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withTolerations(PodTemplates.tolerations(service))
                .withContainers(PodTemplates.cronContainer(meta, cron))
                .endSpec()
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build();
    }

    /**
     * Opta gave job pods the Service's selector labels, so the Service sent requests to running jobs (which serve
     * nothing) and a readiness gate counted them as service pods. Job pods keep Opta's and Datadog's labels and get
     * {@code app.kubernetes.io/component: cron} instead.
     */
    private static Map<String, String> podLabels(Metadata meta) {
        Map<String, String> labels = meta.datadog();
        labels.putAll(meta.opta());
        labels.put(Labels.PART_OF, meta.namespace());
        labels.put(Labels.COMPONENT, "cron");
        labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
        labels.put("cronjob", "true");
        labels.putAll(meta.podLabels());
        return labels;
    }
}
