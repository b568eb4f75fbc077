'use client';
import { useTranslations } from 'next-intl';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useSession } from '../api/session';
import { age } from '../table/panel';
import { useNow } from '../table/use-now';
import { ErrorView } from '../ui/error-view';
import { Skeleton } from '../ui/skeleton';
import { revealSecretKey, useSecrets, type RevealedKey, type SecretRow } from './api';

/** One key: its size, and its value only after "Reveal" and only until "Hide". */
function SecretKeyRow({ cluster, namespace, secret, entry }: { cluster: string; namespace: string; secret: string; entry: { key: string; size: number } }) {
  const t = useTranslations('Secrets');
  const session = useSession();
  const [revealed, setRevealed] = useState<RevealedKey | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const reveal = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setRevealed(await revealSecretKey(cluster, namespace, secret, entry.key, session.data?.csrfToken ?? ''));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="space-y-1">
      <div className="flex items-center gap-2">
        <span className="font-mono text-[13px]">{entry.key}</span>
        <span className="text-xs text-slate-500">{t('bytes', { size: entry.size })}</span>
        {revealed ? (
          <button type="button" onClick={() => setRevealed(undefined)} className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100">
            {t('hide')}
          </button>
        ) : (
          <button
            type="button"
            disabled={busy}
            onClick={() => void reveal()}
            aria-label={t('revealLabel', { secret, key: entry.key })}
            className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-100 disabled:opacity-50"
          >
            {busy ? t('revealing') : t('reveal')}
          </button>
        )}
      </div>
      {revealed && (
        <pre aria-label={t('valueOf', { key: entry.key })} className="max-w-full overflow-x-auto rounded bg-slate-950 p-2 font-mono text-xs text-slate-100">
          {revealed.encoding === 'base64' ? t('binary', { value: revealed.value }) : revealed.value}
        </pre>
      )}
      {error !== undefined && <ErrorView error={error} compact />}
    </li>
  );
}

function SecretCard({ cluster, namespace, secret, now }: { cluster: string; namespace: string; secret: SecretRow; now: number }) {
  const t = useTranslations('Secrets');
  return (
    <section aria-label={t('secretLabel', { name: secret.name })} className="rounded-md border border-slate-200 bg-white p-3">
      <div className="flex flex-wrap items-baseline gap-3">
        <h2 className="font-mono text-sm font-semibold">{secret.name}</h2>
        <span className="text-xs text-slate-600">{secret.type}</span>
        {secret.immutable && <span className="text-xs text-slate-600">{t('immutable')}</span>}
        <span className="ml-auto text-xs text-slate-500">{age(secret.created, now)}</span>
      </div>
      {secret.keys.length === 0 ? (
        <p className="mt-1 text-sm text-slate-500">{t('noKeys')}</p>
      ) : (
        <ul aria-label={t('keysOf', { name: secret.name })} className="mt-2 space-y-1.5">
          {secret.keys.map((entry) => (
            <SecretKeyRow key={entry.key} cluster={cluster} namespace={namespace} secret={secret.name} entry={entry} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** A namespace's Secrets: keys and sizes; a value only when asked for, and only if the API server lets you get the secret. */
export function SecretsPage({ cluster }: { cluster: string }) {
  const namespace = useSearchParams().get('namespace') ?? '';
  const t = useTranslations('Secrets');
  const secrets = useSecrets(cluster, namespace);
  const now = useNow(30_000);
  return (
    <div className="space-y-4">
      <div className="flex items-baseline gap-3">
        <h1 className="text-lg font-semibold">{t('title')}</h1>
        <span className="font-mono text-sm text-slate-600">
          {cluster} / {namespace}
        </span>
      </div>
      {!namespace ? (
        <p className="text-sm text-slate-600">{t('chooseNamespace')}</p>
      ) : secrets.isError ? (
        <ErrorView error={secrets.error} />
      ) : !secrets.data ? (
        <Skeleton className="h-40 w-full" label={t('loading')} />
      ) : secrets.data.items.length === 0 ? (
        <p role="status" className="text-sm text-slate-700">
          {t('none', { namespace })}
        </p>
      ) : (
        secrets.data.items.map((secret) => <SecretCard key={secret.name} cluster={cluster} namespace={namespace} secret={secret} now={now} />)
      )}
    </div>
  );
}
