/** Printers for apps/v1 and batch/v1 kinds, as pkg/printers/internalversion prints them (v1.32). */
import { humanDuration, timestampSince } from '@/lib/k8s/human-duration';
import { fromLabelSelector, labelSelectorString, LabelSelectorError } from '@/lib/k8s/label-selector';
import type { KubeObject } from '../store';
import { age, ageColumn, column, containerCells, containersColumn, formatLabels, imagesColumn, int, nameColumn, selectorText, type Printer } from './common';

const replicas = (obj: KubeObject) => (typeof obj.spec?.replicas === 'number' ? obj.spec.replicas : 1);

export const deployments: Printer = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    column('Available', 'string', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', 'Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.', 1),
  ],
  row(d, now) {
    let selector: string;
    try {
      const reqs = fromLabelSelector(d.spec?.selector);
      selector = reqs ? labelSelectorString(reqs) : '';
    } catch (e) {
      if (!(e instanceof LabelSelectorError)) throw e;
      selector = '<invalid>';
    }
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    const s = d.status ?? {};
    return { cells: [d.metadata.name, `${int(s.readyReplicas)}/${replicas(d)}`, int(s.updatedReplicas), int(s.availableReplicas), age(d, now), names, images, selector] };
  },
};

export const replicasets: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', 'Replicas is the number of desired replicas.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    column('Ready', 'integer', 'The number of ready replicas for this replica set.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', 'Selector is a label query over pods that should match the replica count.', 1),
  ],
  row(rs, now) {
    const [names, images] = containerCells(rs.spec?.template?.spec?.containers);
    const s = rs.status ?? {};
    return { cells: [rs.metadata.name, replicas(rs), int(s.replicas), int(s.readyReplicas), age(rs, now), names, images, selectorText(rs.spec?.selector)] };
  },
};

export const statefulsets: Printer = {
  columns: [nameColumn(), column('Ready', 'string', 'Number of the pod with ready state'), ageColumn(), containersColumn(), imagesColumn()],
  row(sts, now) {
    const [names, images] = containerCells(sts.spec?.template?.spec?.containers);
    return { cells: [sts.metadata.name, `${int(sts.status?.readyReplicas)}/${replicas(sts)}`, age(sts, now), names, images] };
  },
};

export const daemonsets: Printer = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
    column('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    column('Ready', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready.'),
    column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    column('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    column(
      'Node Selector',
      'string',
      "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node.",
    ),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', 'A label query over pods that are managed by the daemon set.', 1),
  ],
  row(ds, now) {
    const s = ds.status ?? {};
    const [names, images] = containerCells(ds.spec?.template?.spec?.containers);
    return {
      cells: [
        ds.metadata.name,
        int(s.desiredNumberScheduled),
        int(s.currentNumberScheduled),
        int(s.numberReady),
        int(s.updatedNumberScheduled),
        int(s.numberAvailable),
        formatLabels(ds.spec?.template?.spec?.nodeSelector),
        age(ds, now),
        names,
        images,
        selectorText(ds.spec?.selector),
      ],
    };
  },
};

function jobCondition(job: KubeObject, type: string): boolean {
  const c = (job.status?.conditions ?? []).find((x: { type: string }) => x.type === type);
  return c?.status === 'True';
}

export const jobs: Printer = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
  ],
  row(job, now) {
    const spec = job.spec ?? {};
    const s = job.status ?? {};
    const succeeded = int(s.succeeded);
    let completions: string;
    if (typeof spec.completions === 'number') completions = `${succeeded}/${spec.completions}`;
    else completions = int(spec.parallelism) > 1 ? `${succeeded}/1 of ${spec.parallelism}` : `${succeeded}/1`;
    let duration = '';
    if (s.startTime) {
      const start = Date.parse(s.startTime);
      duration = humanDuration((s.completionTime ? Date.parse(s.completionTime) : now.getTime()) - start);
    }
    let status = 'Running';
    if (jobCondition(job, 'Complete')) status = 'Complete';
    else if (jobCondition(job, 'Failed')) status = 'Failed';
    else if (job.metadata.deletionTimestamp) status = 'Terminating';
    else if (jobCondition(job, 'Suspended')) status = 'Suspended';
    else if (jobCondition(job, 'FailureTarget')) status = 'FailureTarget';
    const [names, images] = containerCells(spec.template?.spec?.containers);
    return { cells: [job.metadata.name, status, completions, duration, age(job, now), names, images, selectorText(spec.selector)] };
  },
};

export const cronjobs: Printer = {
  columns: [
    nameColumn(),
    column('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column('Timezone', 'string', 'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones.'),
    column('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.'),
    column('Active', 'integer', 'A list of pointers to currently running jobs.'),
    column('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn(),
    containersColumn(),
    imagesColumn(),
    column('Selector', 'string', 'A label query over pods that should match the pod count.', 1),
  ],
  row(cj, now) {
    const spec = cj.spec ?? {};
    const suspend = typeof spec.suspend === 'boolean' ? (spec.suspend ? 'True' : 'False') : '<unset>';
    const last = cj.status?.lastScheduleTime ? timestampSince(cj.status.lastScheduleTime, now) : '<none>';
    const jobSpec = spec.jobTemplate?.spec ?? {};
    const [names, images] = containerCells(jobSpec.template?.spec?.containers);
    return {
      cells: [cj.metadata.name, spec.schedule ?? '', spec.timeZone ?? '<none>', suspend, (cj.status?.active ?? []).length, last, age(cj, now), names, images, selectorText(jobSpec.selector)],
    };
  },
};
