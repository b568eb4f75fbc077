'use client';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { setDiagnostics } from '@codemirror/lint';
import { EditorView, keymap, placeholder } from '@codemirror/view';
import { useTranslations } from 'next-intl';
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useEditorView } from '../editor/use-editor-view';
import { compileText, type CompileProblem } from './compile-message';
import { completionWords, logsInsightsLanguage, setFields, type FieldOption } from './language';

/** Where the console or the service located a compile error in the query text, and what it is. */
export interface QueryErrorLocation extends CompileProblem {
  start: number;
  end: number;
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
  const t = useTranslations('LogsInsights');
  const compile = useTranslations('LogsInsightsCompile');
  const label = t('query');
  const words = completionWords(t, compile);
  const host = useRef<HTMLDivElement>(null);
  const callbacks = useRef({ onChange, onRun });
  useLayoutEffect(() => {
    callbacks.current = { onChange, onRun };
  });
  const view = useEditorView(host, value, () => [
    history(),
    keymap.of([{ key: 'Mod-Enter', run: () => (callbacks.current.onRun(), true) }, ...defaultKeymap, ...historyKeymap]),
    placeholder('fields @timestamp, @message | sort @timestamp desc | limit 100'),
    logsInsightsLanguage(words),
    EditorView.updateListener.of((u) => u.docChanged && callbacks.current.onChange(u.state.doc.toString())),
    EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'query-editor' }),
  ]);

  useEffect(() => {
    view.current?.dispatch({ effects: setFields.of(fields) });
  }, [fields, view]);

  useEffect(() => {
    const v = view.current;
    if (!v || !serverError) return;
    const len = v.state.doc.length;
    const from = Math.min(serverError.start, len);
    v.dispatch(setDiagnostics(v.state, [{ from, to: Math.min(Math.max(serverError.end, from), len), severity: 'error', message: compileText(compile, serverError) }]));
  }, [serverError, view, compile]);

  return <div ref={host} className="min-w-0" />;
}
