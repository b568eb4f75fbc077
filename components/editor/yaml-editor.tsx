'use client';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { yaml } from '@codemirror/lang-yaml';
import { setDiagnostics } from '@codemirror/lint';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ManifestProblem } from '@/lib/k8s/apply/manifest';
import { useEditorView } from './use-editor-view';

/** A YAML editor (CodeMirror, as the Logs Insights query editor): line numbers, YAML highlighting, the parse problem underlined at its line and column. */
export function YamlEditor({ value, onChange, problem, label }: { value: string; onChange: (text: string) => void; problem: ManifestProblem | undefined; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const changed = useRef(onChange);
  useLayoutEffect(() => {
    changed.current = onChange;
  });
  const view = useEditorView(host, value, () => [
    lineNumbers(),
    history(),
    keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
    yaml(),
    EditorView.updateListener.of((u) => u.docChanged && changed.current(u.state.doc.toString())),
    EditorView.contentAttributes.of({ 'aria-label': label, 'data-testid': 'yaml-editor' }),
    EditorView.theme({ '&': { maxHeight: '55vh', fontSize: '12px' }, '.cm-scroller': { overflow: 'auto', fontFamily: 'ui-monospace, monospace' } }),
  ]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    if (!problem?.line) return void v.dispatch(setDiagnostics(v.state, []));
    const line = v.state.doc.line(Math.min(problem.line, v.state.doc.lines));
    const from = Math.min(line.from + (problem.column ?? 1) - 1, line.to);
    v.dispatch(setDiagnostics(v.state, [{ from, to: Math.max(from, line.to), severity: 'error', message: problem.message }]));
  }, [problem, view]);

  return <div ref={host} className="min-w-0 rounded border border-slate-300" />;
}
