'use client';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef, type RefObject } from 'react';
import { useCspNonce } from '../csp-nonce';

/**
 * A CodeMirror view in `host`, created once with `extensions` (the page's CSP nonce added, for its
 * <style> element to apply) and `value`; later values replace the text when they differ from it.
 */
export function useEditorView(host: RefObject<HTMLDivElement | null>, value: string, extensions: () => Extension[]): RefObject<EditorView | null> {
  const view = useRef<EditorView | null>(null);
  const nonce = useCspNonce();

  useEffect(() => {
    const v = new EditorView({ parent: host.current!, state: EditorState.create({ doc: value, extensions: [...extensions(), EditorView.cspNonce.of(nonce)] }) });
    view.current = v;
    return () => v.destroy();
    // The editor is created once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  return view;
}
