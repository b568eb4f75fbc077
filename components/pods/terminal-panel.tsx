'use client';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { terminalPath, type TerminalAction } from '@/lib/terminal-protocol';
import { allNeeded, type Need } from '../actions/action-checks';
import { GuardedAction } from '../actions/guarded-action';
import { useCan, type CanCheck } from '../actions/use-can';
import type { ContainerDetail } from '../api/pod-detail';
import { TerminalView } from './terminal-view';

/** The shells offered: sh is in nearly every image, bash in many. */
const COMMANDS = ['/bin/sh', 'bash'] as const;

interface Session {
  id: number;
  container: string;
  action: TerminalAction;
  command: string;
}

/** The permissions a terminal's WebSocket needs on the pod: get (the upgrade's GET, kube-apiserver up to 1.34) and create (1.35 on, and SPDY). */
function terminalChecks(namespace: string, pod: string, subresource: TerminalAction): CanCheck[] {
  return ['get', 'create'].map((verb) => ({ verb, group: '', resource: 'pods', subresource, namespace, name: pod }));
}

function Picker({ label, value, options, onChange }: { label: string; value: string; options: readonly string[]; onChange: (value: string) => void }) {
  return (
    <label className="flex flex-col gap-0.5">
      <span className="text-slate-700">{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} className="rounded border border-slate-300 bg-white px-2 py-1 font-mono">
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Terminals into the pod's containers, each in its own tab; the buttons wait for the API server's answer and explain a refusal. */
export function TerminalPanel({ cluster, namespace, pod, containers }: { cluster: string; namespace: string; pod: string; containers: ContainerDetail[] }) {
  const t = useTranslations('Terminal');
  const choices = containers.filter((c) => c.type !== 'init');
  const [container, setContainer] = useState(() => (choices.find((c) => c.state?.state === 'running') ?? choices[0])?.name ?? '');
  const [command, setCommand] = useState<string>(COMMANDS[0]);
  const [sessions, setSessions] = useState<Session[]>([]);
  const [active, setActive] = useState<number | undefined>();
  const [nextId, setNextId] = useState(1);

  const checks = [...terminalChecks(namespace, pod, 'exec'), ...terminalChecks(namespace, pod, 'attach')];
  const can = useCan(cluster, checks);
  const needs: Need[] = checks.map((check, i) => ({ check, result: can.results[i] }));
  const execNeeds = needs.slice(0, 2);
  const attachNeeds = needs.slice(2);
  const chosen = choices.find((c) => c.name === container);

  const open = (action: TerminalAction) => {
    const session = { id: nextId, container, action, command: action === 'exec' ? command : '' };
    setNextId(nextId + 1);
    setSessions([...sessions, session]);
    setActive(session.id);
  };
  const close = (id: number) => {
    const rest = sessions.filter((s) => s.id !== id);
    setSessions(rest);
    if (active === id) setActive(rest.at(-1)?.id);
  };
  const title = (s: Session) => (s.action === 'exec' ? t('sessionExec', { container: s.container, command: s.command }) : t('sessionAttach', { container: s.container }));

  return (
    <section aria-label={t('panel')} className="space-y-3">
      <form className="flex flex-wrap items-end gap-3 text-sm" onSubmit={(e) => e.preventDefault()}>
        <Picker label={t('container')} value={container} options={choices.map((c) => c.name)} onChange={setContainer} />
        <Picker label={t('command')} value={command} options={COMMANDS} onChange={setCommand} />
        <GuardedAction label={t('exec')} can={allNeeded(execNeeds)} needs={execNeeds} onClick={() => open('exec')} />
        {chosen?.interactive ? (
          <GuardedAction label={t('attach')} can={allNeeded(attachNeeds)} needs={attachNeeds} onClick={() => open('attach')} />
        ) : (
          <button
            type="button"
            aria-disabled="true"
            title={t('attachNeedsTty', { container })}
            className="cursor-not-allowed rounded border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-900 opacity-50"
          >
            {t('attach')}
          </button>
        )}
        {chosen && chosen.state?.state !== 'running' && <p className="text-sm text-amber-800">{t('notRunning', { container })}</p>}
      </form>
      <p className="text-xs text-slate-600">{t('clipboard')}</p>
      {sessions.length === 0 ? (
        <p className="text-sm text-slate-600">{t('empty')}</p>
      ) : (
        <div className="space-y-2">
          {/* A list of buttons rather than ARIA tabs: each entry has its own close button, which a tab cannot hold. */}
          <ul aria-label={t('sessions')} className="flex flex-wrap gap-1 border-b border-slate-200">
            {sessions.map((s) => (
              <li key={s.id} className={`-mb-px flex items-center border-b-2 ${s.id === active ? 'border-sky-600' : 'border-transparent'}`}>
                <button
                  type="button"
                  aria-pressed={s.id === active}
                  onClick={() => setActive(s.id)}
                  className={`px-2 py-1 font-mono text-xs ${s.id === active ? 'font-semibold text-sky-900' : 'text-slate-600 hover:text-slate-900'}`}
                >
                  {title(s)}
                </button>
                <button type="button" aria-label={t('close', { name: title(s) })} onClick={() => close(s.id)} className="px-1 text-slate-500 hover:text-slate-900">
                  ×
                </button>
              </li>
            ))}
          </ul>
          {sessions.map((s) => (
            <TerminalView key={s.id} path={terminalPath(cluster, namespace, pod, s.action, s.container, s.action === 'exec' ? [s.command] : [])} label={title(s)} active={s.id === active} />
          ))}
        </div>
      )}
    </section>
  );
}
