'use client';
import '@xterm/xterm/css/xterm.css';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { sessionQuery } from '../api/queries/session';
import { useCspNonce } from '../csp-nonce';
import { ErrorView } from '../ui/error-view';
import { openTerminalSocket, terminalSocketUrl, type TerminalState } from './terminal-socket';

// The box around the screen has the same fixed colour: the page's dark theme remaps slate classes.
const THEME = { background: '#0f172a', foreground: '#e2e8f0', cursor: '#e2e8f0', selectionBackground: '#334155' };

/**
 * Runs `open` with the page's nonce on every <style> element created meanwhile: xterm.js's DOM renderer adds its
 * own (colours, cell sizes) as it opens and has no nonce option, and the page's policy refuses style elements without one.
 */
function withStyleNonce(nonce: string, open: () => void): void {
  const create = document.createElement;
  document.createElement = function (this: Document, tagName: string, options?: ElementCreationOptions) {
    const element = create.call(this, tagName, options);
    if (element instanceof HTMLStyleElement) element.nonce = nonce;
    return element;
  } as typeof document.createElement;
  try {
    open();
  } finally {
    document.createElement = create;
  }
}

/** Ctrl+Shift+C and Ctrl+Shift+V, which a terminal leaves to the clipboard: Ctrl+C is the shell's interrupt. */
function clipboardKey(event: KeyboardEvent): 'copy' | 'paste' | undefined {
  if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey) return undefined;
  return event.code === 'KeyC' ? 'copy' : event.code === 'KeyV' ? 'paste' : undefined;
}

function StatusLine({ state }: { state: TerminalState }) {
  const t = useTranslations('Terminal');
  switch (state.phase) {
    case 'connecting':
      return <p className="text-sm text-slate-600">{t('connecting')}</p>;
    case 'open':
      return <p className="text-sm text-slate-600">{t('connected', { protocol: state.protocol })}</p>;
    case 'exited':
      return (
        <p role="status" className={`text-sm font-medium ${state.code === 0 ? 'text-emerald-800' : 'text-amber-800'}`}>
          {t('exited', { code: state.code })}
        </p>
      );
    case 'error':
      return <ErrorView error={state.body.error} compact />;
    case 'closed':
      return (
        <p role="status" className="text-sm text-slate-700">
          {state.reason === 'idle' ? t('closedIdle', { minutes: Math.round((state.seconds ?? 0) / 60) }) : t('closedShutdown')}
        </p>
      );
    case 'refused':
      return (
        <p role="alert" className="text-sm text-red-800">
          {t('refused')}
        </p>
      );
    case 'disconnected':
      return (
        <p role="status" className="text-sm text-slate-700">
          {t('disconnected')}
        </p>
      );
  }
}

/** One terminal: an xterm.js screen that fills its box, connected to the console's WebSocket at `path` while mounted. */
export function TerminalView({ path, label, active }: { path: string; label: string; active: boolean }) {
  const t = useTranslations('Terminal');
  const queryClient = useQueryClient();
  const nonce = useCspNonce();
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<TerminalState>({ phase: 'connecting' });
  const refit = useRef<() => void>(() => {});

  useEffect(() => {
    let disposed = false;
    let cleanup = () => {};
    void (async () => {
      // xterm.js touches the DOM when it loads: it is loaded in the browser only. The session's CSRF token is asked
      // for afresh: a refused upgrade's reason never reaches the page, so a token changed by a sign-in in another
      // tab would leave only a bare refusal, where a write would be retried.
      const [{ Terminal }, { FitAddon }, session] = await Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit'), queryClient.fetchQuery({ ...sessionQuery(), staleTime: 0 })]);
      if (disposed || !box.current) return;
      const term = new Terminal({ cursorBlink: true, fontSize: 13, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', theme: THEME, scrollback: 5000 });
      const fit = new FitAddon();
      term.loadAddon(fit);
      const parent = box.current;
      withStyleNonce(nonce, () => term.open(parent));
      const socket = openTerminalSocket(terminalSocketUrl(path, window.location), session.csrfToken, {
        output: (bytes) => term.write(bytes),
        state: (next) => {
          setState(next);
          if (next.phase !== 'connecting' && next.phase !== 'open') term.options.cursorBlink = false;
        },
      });
      term.attachCustomKeyEventHandler((event) => {
        const key = clipboardKey(event);
        if (key === 'copy' && term.hasSelection()) void navigator.clipboard.writeText(term.getSelection());
        if (key === 'paste') {
          // The browser's own paste of the same keys (Chrome's "paste as plain text") would paste it a second time, later or sooner.
          event.preventDefault();
          void navigator.clipboard.readText().then((text) => term.paste(text));
        }
        return key === undefined;
      });
      const input = term.onData((data) => socket.input(data));
      const resized = term.onResize(({ cols, rows }) => socket.resize(cols, rows));
      refit.current = () => {
        // A hidden tab has no size: it is fitted when it shows again.
        if (box.current && box.current.offsetWidth > 0) fit.fit();
      };
      refit.current();
      socket.resize(term.cols, term.rows);
      const observer = new ResizeObserver(() => refit.current());
      observer.observe(box.current);
      term.focus();
      cleanup = () => {
        observer.disconnect();
        input.dispose();
        resized.dispose();
        socket.close();
        term.dispose();
      };
    })();
    return () => {
      disposed = true;
      cleanup();
    };
  }, [path, queryClient, nonce]);

  useEffect(() => {
    if (active) refit.current();
  }, [active]);

  return (
    <div className="space-y-2" hidden={!active}>
      <div ref={box} role="group" aria-label={t('screen', { name: label })} data-testid="terminal-screen" className="h-[26rem] w-full overflow-hidden rounded bg-[#0f172a] p-1" />
      <StatusLine state={state} />
    </div>
  );
}
