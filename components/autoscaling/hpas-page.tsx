'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { HpaRow } from '@/lib/k8s/hpa/row';
import { workloadHref } from '../pods/links';
import { age, Panel, useAgo, type Ago } from '../table/panel';
import { SimpleTable, type SimpleColumn } from '../table/simple-table';
import { flagParam, textParam, urlViewCodec, useUrlView } from '../table/url-view';
import { useNow } from '../table/use-now';
import { ErrorView } from '../ui/error-view';
import { AttentionText } from './attention-text';
import { hpaHref } from './links';
import { useHpas } from './use-hpas';

/** The Hpa messages, for the column builder. */
type HpaT = ReturnType<typeof useTranslations<'Hpa'>>;

const CONDITIONS = ['AbleToScale', 'ScalingActive', 'ScalingLimited'] as const;

/** A condition at a glance: green when as wanted, amber when ScalingLimited holds, red when the HPA cannot act. */
function ConditionChip({ row, type }: { row: HpaRow; type: (typeof CONDITIONS)[number] }) {
  const t = useTranslations('Hpa');
  const c = row.conditions.find((x) => x.type === type);
  if (!c) return <span className="rounded bg-slate-100 px-1 text-[11px] text-slate-600">{type} ?</span>;
  const good = type === 'ScalingLimited' ? c.status === 'False' : c.status === 'True';
  const tone = good ? 'bg-emerald-50 text-emerald-800 ring-emerald-600/30' : type === 'ScalingLimited' ? 'bg-amber-50 text-amber-900 ring-amber-600/30' : 'bg-red-50 text-red-800 ring-red-600/30';
  return (
    <span title={`${c.type}=${c.status} ${c.reason ?? ''}: ${c.message ?? ''}`} className={`rounded px-1 text-[11px] ring-1 ring-inset ${tone}`}>
      {good ? t('chipGood', { type }) : t('chipBad', { type, reason: c.reason ?? c.status })}
    </span>
  );
}

function columns(cluster: string, now: number, allNamespaces: boolean, ago: Ago, t: HpaT): SimpleColumn<HpaRow>[] {
  return [
    ...(allNamespaces ? [{ header: t('namespace'), cell: (r: HpaRow) => r.namespace }] : []),
    {
      header: t('name'),
      cell: (r) => (
        <Link href={hpaHref(cluster, r.namespace, r.name)} className="text-sky-800 hover:underline">
          {r.name}
        </Link>
      ),
    },
    {
      header: t('reference'),
      cell: (r) =>
        ['Deployment', 'StatefulSet', 'ReplicaSet'].includes(r.reference.kind) ? (
          <Link href={workloadHref(cluster, r.namespace, r.reference.kind, r.reference.name)} className="text-sky-800 hover:underline">
            {r.reference.kind}/{r.reference.name}
          </Link>
        ) : (
          `${r.reference.kind}/${r.reference.name}`
        ),
    },
    { header: t('targets'), cell: (r) => r.targets },
    { header: t('minPods'), cell: (r) => (r.minReplicas === undefined ? t('unset') : r.minReplicas) },
    { header: t('maxPods'), cell: (r) => r.maxReplicas },
    { header: t('replicas'), cell: (r) => r.currentReplicas },
    { header: t('desired'), cell: (r) => r.desiredReplicas },
    {
      header: t('conditions'),
      cell: (r) => (
        <span className="flex flex-wrap gap-1 font-sans">
          {CONDITIONS.map((type) => (
            <ConditionChip key={type} row={r} type={type} />
          ))}
        </span>
      ),
    },
    { header: t('lastScale'), cell: (r) => (r.lastScaleTime ? ago(r.lastScaleTime, now) : t('noneValue')) },
    { header: t('age'), cell: (r) => age(r.creationTimestamp, now) },
  ];
}

function Attention({ rows, cluster }: { rows: HpaRow[]; cluster: string }) {
  const t = useTranslations('Hpa');
  const flagged = rows.filter((r) => r.attention);
  if (flagged.length === 0) return null;
  return (
    <ul className="space-y-1" aria-label={t('needingAttention')}>
      {flagged.map((r) => (
        <li
          key={r.uid}
          className={`rounded px-3 py-1.5 text-sm ring-1 ring-inset ${r.attention!.kind === 'no-metrics' ? 'bg-red-50 text-red-900 ring-red-600/30' : 'bg-amber-50 text-amber-900 ring-amber-600/30'}`}
        >
          <Link href={hpaHref(cluster, r.namespace, r.name)} className="font-mono font-semibold hover:underline">
            {r.namespace}/{r.name}
          </Link>{' '}
          <AttentionText attention={r.attention!} />
        </li>
      ))}
    </ul>
  );
}

interface Scope {
  namespace: string;
  allNamespaces: boolean;
}

const scope = urlViewCodec<Scope>({ namespace: textParam('namespace', ''), allNamespaces: flagParam('allNamespaces') });
const readScope = scope.read;
const scopeQuery = scope.write;

/** Every HorizontalPodAutoscaler of the namespace (or all), as kubectl get hpa lists them, the ones in trouble first. */
export function HpasPage({ cluster }: { cluster: string }) {
  const ago = useAgo();
  const t = useTranslations('Hpa');
  const { view, setView } = useUrlView(readScope, scopeQuery);
  const all = view.allNamespaces;
  const hpas = useHpas(cluster, all ? '' : view.namespace);
  const now = useNow(10_000);
  const rows = hpas.data?.items;
  return (
    <div className="space-y-4">
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        <span className="font-mono text-sm text-slate-600">
          {cluster} / {all ? t('allNamespacesScope') : view.namespace}
        </span>
      </div>
      <label className="flex w-fit items-center gap-1.5 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm text-slate-800">
        <input type="checkbox" checked={all} onChange={(event) => setView({ allNamespaces: event.target.checked })} />
        {t('allNamespaces')}
      </label>
      {hpas.isError && !rows ? (
        <ErrorView error={hpas.error} />
      ) : (
        <Panel title="HorizontalPodAutoscalers" data={rows}>
          {(items) =>
            items.length === 0 ? (
              <p className="text-sm text-slate-500">{t('none')}</p>
            ) : (
              <div className="space-y-3">
                <Attention rows={items} cluster={cluster} />
                <SimpleTable
                  label="HorizontalPodAutoscalers"
                  rows={[...items].sort((a, b) => Number(!!b.attention) - Number(!!a.attention) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))}
                  columns={columns(cluster, now, all, ago, t)}
                  rowKey={(r) => r.uid}
                  rowClassName={(r) => (r.attention?.kind === 'no-metrics' ? 'bg-red-50/60' : r.attention ? 'bg-amber-50/60' : '')}
                />
              </div>
            )
          }
        </Panel>
      )}
      {hpas.data?.omitted && hpas.data.omitted.length > 0 && <p className="text-xs text-slate-600">{t('notListed', { names: hpas.data.omitted.map((o) => o.name).join(', ') })}</p>}
    </div>
  );
}
