'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useClusters, useNamespaces } from '@/components/api/cluster';
import { variableKind, type Variable } from '@/lib/dashboards/model';

const field = 'rounded border border-slate-300 px-1 py-0.5 text-xs';

function NamespaceChoice({ cluster, value, onChange }: { cluster: string; value: string; onChange: (v: string) => void }) {
  const namespaces = useNamespaces(cluster, value ? [value] : []);
  const names = namespaces.data?.namespaces.map((n) => n.name) ?? [];
  return (
    <select aria-label="namespace" className={field} value={value} onChange={(e) => onChange(e.target.value)}>
      {[...new Set([value, ...names])].filter(Boolean).map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}

function ClusterChoice({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const clusters = useClusters();
  const names = clusters.data?.clusters.map((c) => c.name) ?? [];
  return (
    <select aria-label="cluster" className={field} value={value} onChange={(e) => onChange(e.target.value)}>
      {[...new Set([value, ...names])].filter(Boolean).map((n) => (
        <option key={n} value={n}>
          {n}
        </option>
      ))}
    </select>
  );
}

/** The dashboard's variables: their current values, and while editing, which variables it has. */
export function VariablesBar({
  cluster,
  variables,
  values,
  onValue,
  editing,
  onVariables,
}: {
  cluster: string;
  variables: Variable[];
  values: Record<string, string>;
  onValue: (name: string, value: string) => void;
  editing: boolean;
  onVariables: (v: Variable[]) => void;
}) {
  const t = useTranslations('Dashboards');
  const [name, setName] = useState('');
  if (!variables.length && !editing) return null;
  return (
    <div className="flex flex-wrap items-center gap-3 text-xs" aria-label={t('variables')} role="group">
      {variables.map((v) => (
        <label key={v.name} className="flex items-center gap-1">
          <span className="font-mono text-slate-600">{`{{${v.name}}}`}</span>
          {variableKind(v.name) === 'namespace' ? (
            <NamespaceChoice cluster={cluster} value={values[v.name] ?? ''} onChange={(x) => onValue(v.name, x)} />
          ) : variableKind(v.name) === 'cluster' ? (
            <ClusterChoice value={values[v.name] ?? ''} onChange={(x) => onValue(v.name, x)} />
          ) : (
            <input aria-label={v.name} className={field} value={values[v.name] ?? ''} onChange={(e) => onValue(v.name, e.target.value)} />
          )}
          {editing && (
            <button
              type="button"
              className="text-slate-500 hover:text-red-700"
              aria-label={t('removeVariable', { name: v.name })}
              onClick={() => onVariables(variables.filter((x) => x.name !== v.name))}
            >
              ×
            </button>
          )}
        </label>
      ))}
      {editing && (
        <form
          className="flex items-center gap-1"
          onSubmit={(e) => {
            e.preventDefault();
            if (!/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(name) || variables.some((v) => v.name === name)) return;
            onVariables([...variables, { name, default: values[name] ?? (name === 'cluster' ? cluster : '') }]);
            setName('');
          }}
        >
          <input className={field} placeholder={t('newVariablePlaceholder')} value={name} onChange={(e) => setName(e.target.value)} aria-label={t('newVariable')} />
          <button type="submit" className="rounded border border-slate-300 px-1.5 py-0.5">
            {t('addVariable')}
          </button>
        </form>
      )}
    </div>
  );
}
