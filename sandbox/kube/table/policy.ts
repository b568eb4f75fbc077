/** Printers for autoscaling, policy, networking and RBAC kinds, as pkg/printers/internalversion prints them (v1.32). */
import type { KubeObject } from '../store';
import { age, ageColumn, column, int, intOrString, nameColumn, selectorText, type Printer } from './common';
import { canonicalQuantity } from '@/lib/k8s/quantity';

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- Kubernetes objects handled as untyped JSON

/** formatHPAMetrics: the TARGETS column, two metrics then "+ N more...". */
export function formatHpaMetrics(specs: Obj[] | undefined, statuses: Obj[] | undefined): string {
  if (!specs || specs.length === 0) return '<none>';
  const current = statuses ?? [];
  const q = canonicalQuantity;
  const list = specs.map((spec, i) => {
    const status = current[i];
    switch (spec.type) {
      case 'External':
        if (spec.external?.target?.averageValue !== undefined) {
          const cur = status?.external?.current?.averageValue !== undefined ? q(status.external.current.averageValue) : '<unknown>';
          return `${cur}/${q(spec.external.target.averageValue)} (avg)`;
        }
        return `${status?.external ? q(status.external.current?.value) : '<unknown>'}/${q(spec.external?.target?.value)}`;
      case 'Pods':
        return `${status?.pods ? q(status.pods.current?.averageValue) : '<unknown>'}/${q(spec.pods?.target?.averageValue)}`;
      case 'Object':
        if (spec.object?.target?.averageValue !== undefined) {
          const cur = status?.object?.current?.averageValue !== undefined ? q(status.object.current.averageValue) : '<unknown>';
          return `${cur}/${q(spec.object.target.averageValue)} (avg)`;
        }
        return `${status?.object ? q(status.object.current?.value) : '<unknown>'}/${q(spec.object?.target?.value)}`;
      case 'Resource':
      case 'ContainerResource': {
        const key = spec.type === 'Resource' ? 'resource' : 'containerResource';
        const src = spec[key] ?? {};
        const st = status?.[key];
        if (src.target?.averageValue !== undefined) {
          return `${src.name}: ${st ? q(st.current?.averageValue) : '<unknown>'}/${q(src.target.averageValue)}`;
        }
        const cur = st?.current?.averageUtilization !== undefined ? `${st.current.averageUtilization}%` : '<unknown>';
        const target = src.target?.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>';
        return `${src.name}: ${cur}/${target}`;
      }
      default:
        return '<unknown type>';
    }
  });
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

export const horizontalpodautoscalers: Printer = {
  columns: [
    nameColumn(),
    column(
      'Reference',
      'string',
      'reference to scaled resource; horizontal pod autoscaler will learn the current resource consumption and will set the desired number of pods by using its Scale subresource.',
    ),
    column('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'),
    column('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    column('MaxPods', 'string', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    column('Replicas', 'string', 'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.'),
    ageColumn(),
  ],
  row(hpa, now) {
    const spec = hpa.spec ?? {};
    const ref = spec.scaleTargetRef ?? {};
    const minPods = typeof spec.minReplicas === 'number' ? String(spec.minReplicas) : '<unset>';
    return {
      cells: [
        hpa.metadata.name,
        `${ref.kind ?? ''}/${ref.name ?? ''}`,
        formatHpaMetrics(spec.metrics, hpa.status?.currentMetrics),
        minPods,
        int(spec.maxReplicas),
        int(hpa.status?.currentReplicas),
        age(hpa, now),
      ],
    };
  },
};

export const poddisruptionbudgets: Printer = {
  columns: [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  row(pdb, now) {
    const spec = pdb.spec ?? {};
    return {
      cells: [
        pdb.metadata.name,
        spec.minAvailable !== undefined && spec.minAvailable !== null ? intOrString(spec.minAvailable) : 'N/A',
        spec.maxUnavailable !== undefined && spec.maxUnavailable !== null ? intOrString(spec.maxUnavailable) : 'N/A',
        int(pdb.status?.disruptionsAllowed),
        age(pdb, now),
      ],
    };
  },
};

export const networkpolicies: Printer = {
  columns: [nameColumn(), column('Pod-Selector', 'string', 'Selects the pods to which this NetworkPolicy object applies.'), ageColumn()],
  row: (np, now) => ({ cells: [np.metadata.name, selectorText(np.spec?.podSelector ?? {}), age(np, now)] }),
};

function ingressHosts(rules: { host?: string }[] | undefined): string {
  const list: string[] = [];
  const all = rules ?? [];
  let more = false;
  for (const rule of all) {
    if (list.length === 3) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  return more ? `${list.join(',')} + ${all.length - 3} more...` : list.join(',');
}

export const ingresses: Printer = {
  columns: [
    nameColumn(),
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  row(ing, now) {
    const spec = ing.spec ?? {};
    const addresses = new Set<string>();
    for (const i of ing.status?.loadBalancer?.ingress ?? []) {
      if (i.ip) addresses.add(i.ip);
      else if (i.hostname) addresses.add(i.hostname);
    }
    const ports = (spec.tls ?? []).length > 0 ? '80, 443' : '80';
    return { cells: [ing.metadata.name, spec.ingressClassName ?? '<none>', ingressHosts(spec.rules), [...addresses].sort().join(','), ports, age(ing, now)] };
  },
};

/** rbac.SubjectsStrings: users, groups and "namespace/name" service accounts. */
function subjects(binding: KubeObject): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of binding.subjects ?? []) {
    if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(kind: 'roleBinding' | 'clusterRoleBinding'): Printer {
  return {
    columns: [
      nameColumn(),
      column(
        'Role',
        'string',
        'RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error.',
      ),
      ageColumn(),
      column('Users', 'string', `Users in the ${kind}`, 1),
      column('Groups', 'string', `Groups in the ${kind}`, 1),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${kind}`, 1),
    ],
    row(b, now) {
      return { cells: [b.metadata.name, `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, age(b, now), ...subjects(b)] };
    },
  };
}

export const rolebindings = bindingPrinter('roleBinding');
export const clusterrolebindings = bindingPrinter('clusterRoleBinding');
