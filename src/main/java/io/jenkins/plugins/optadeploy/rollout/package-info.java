/**
 * The rollout gate: waits until a Deployment or StatefulSet has rolled out and every new pod is Ready, or says why not.
 *
 * <p>Entry point {@link io.jenkins.plugins.optadeploy.rollout.RolloutGate#await}; everything it needs to resume after a
 * restart is in the serializable {@link io.jenkins.plugins.optadeploy.rollout.RolloutTarget}.
 *
 * <p>Organised by resource kind, as Krane is: a {@link io.jenkins.plugins.optadeploy.rollout.WorkloadKind} per workload
 * kind (Deployment, StatefulSet) owns its watches, its reads and its status; a {@link
 * io.jenkins.plugins.optadeploy.rollout.HopelessState} per pod state that will not fix itself explains it; an {@code
 * ObjectCheck} per kind of object around the workload (Service, Ingress, HorizontalPodAutoscaler) warns.
 *
 * <ul>
 *   <li>Done means {@code kubectl rollout status} done (observed generation caught up, all replicas updated and
 *       available, no old replicas left; StatefulSet: ready replicas and current revision equal to the update revision)
 *       <em>and</em> every non-terminating pod of the new ReplicaSet (or update revision) has condition Ready=True. It is
 *       decided on the informer caches, which hold every change up to the last watch event (a resumed watch starts
 *       from its last resource version, a 410 Gone makes the informer re-list), so it is known as soon as kubectl
 *       would know it. A wait that has heard no watch event for {@code RolloutOptions.resync} (10 s) reads the
 *       workload and its pods from the API server instead, and so does the last evaluation at the deadline: a watch
 *       that died without closing stalls nothing.</li>
 *   <li>Hopeless states fail fast once they have lasted their tolerance ({@link
 *       io.jenkins.plugins.optadeploy.rollout.RolloutOptions}): image pull errors, CrashLoopBackOff at the configured
 *       restart count (named OOM kills when the kernel ended it for its memory limit), CreateContainerConfigError /
 *       CreateContainerError, Unschedulable, a running container whose
 *       readiness probe keeps failing past its own threshold plus a grace (confirmed by the kubelet's Unhealthy
 *       event), and a Deployment's ProgressDeadlineExceeded. The deadline ends in a summary of every new pod and the
 *       recent warning events.</li>
 *   <li>Once rolled out, the deploy's Services (selector against the new pods, ready endpoints in their
 *       EndpointSlices), Ingresses (a load-balancer address) and the workload's autoscaler (AbleToScale, ScalingActive)
 *       are judged: warnings in the outcome, never a failure. A Service without ready endpoints is given a few seconds
 *       first, as the endpoint-slice controller follows the pods' readiness.</li>
 *   <li>Threads: informers are shared per client and namespace (3 watches for Deployments, 2 for StatefulSets), plus
 *       one timer thread and two pools of at most four threads for evaluations and reads. Waits cost no thread each.</li>
 * </ul>
 */
package io.jenkins.plugins.optadeploy.rollout;
