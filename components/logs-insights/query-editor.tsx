'use client';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { setDiagnostics } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useCspNonce } from '../csp-nonce';
import { logsInsightsLanguage, setFields, type FieldOption } from './language';

/** Where the service located a compile error in the query text. */
export interface QueryErrorLocation {
  start: number;
  end: number;
  message: string;
}

/** The query editor: highlighting, completion of commands, functions and discovered fields, compile errors underlined. Ctrl/Cmd+Enter runs. */
export function QueryEditor({
  value,
  onChange,
  onRun,
  fields,
  serverError,
}: {
  value: string;
  onChange: (text: string) => void;
  onRun: () => void;
  fields: FieldOption[];
  serverError: QueryErrorLocation | null;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onRun });
  useLayoutEffect(() => {
    callbacks.current = { onChange, onRun };
  });
  const nonce = useCspNonce();

  useEffect(() => {
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          history(),
          keymap.of([{ key: 'Mod-Enter', run: () => (callbacks.current.onRun(), true) }, ...defaultKeymap, ...historyKeymap]),
          placeholder('fields @timestamp, @message | sort @timestamp desc | limit 100'),
          logsInsightsLanguage(),
          EditorView.updateListener.of((u) => u.docChanged && callbacks.current.onChange(u.state.doc.toString())),
          EditorView.contentAttributes.of({ 'aria-label': 'Query', 'data-testid': 'query-editor' }),
          // Its <style> element needs the page's nonce to apply.
          EditorView.cspNonce.of(nonce),
        ],
      }),
    });
    view.current = v;
    return () => v.destroy();
    // The editor is created once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: setFields.of(fields) });
  }, [fields]);

  useEffect(() => {
    const v = view.current;
    if (!v || !serverError) return;
    const len = v.state.doc.length;
    const from = Math.min(serverError.start, len);
    v.dispatch(setDiagnostics(v.state, [{ from, to: Math.min(Math.max(serverError.end, from), len), severity: 'error', message: serverError.message }]));
  }, [serverError]);

  return <div ref={host} className="min-w-0" />;
}
