/** CodeMirror support for the Logs Insights language, from the engine's own lexer and parser. */
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { linter, type Diagnostic } from '@codemirror/lint';
import { RangeSetBuilder, StateEffect, StateField, type Extension } from '@codemirror/state';
import { Decoration, EditorView, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import type { createTranslator } from 'next-intl';
import { COMMANDS, FUNCTION_NAMES, highlightTokens, KEYWORDS, validateQuery } from '@/lib/logs-insights';
import type en from '@/messages/en.json';
import { compileText, type CompileProblem } from './compile-message';

const TOKEN_CLASSES: Record<string, string> = {
  command: 'cm-li-command',
  keyword: 'cm-li-keyword',
  function: 'cm-li-function',
  field: 'cm-li-field',
  string: 'cm-li-string',
  regex: 'cm-li-regex',
  number: 'cm-li-number',
  period: 'cm-li-number',
  operator: 'cm-li-operator',
  pipe: 'cm-li-pipe',
  comment: 'cm-li-comment',
  error: 'cm-li-error',
};

const marks = new Map(Object.entries(TOKEN_CLASSES).map(([kind, cls]) => [kind, Decoration.mark({ class: cls })]));

function decorate(view: EditorView): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (const t of highlightTokens(view.state.doc.toString())) {
    const mark = marks.get(t.kind);
    if (mark && t.end > t.start) builder.add(t.start, t.end, mark);
  }
  return builder.finish();
}

const highlighting = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorate(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged) this.decorations = decorate(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);

const theme = EditorView.theme({
  '&': { fontSize: '13px', border: '1px solid var(--color-slate-300)', borderRadius: '6px', background: 'var(--color-white)' },
  '&.cm-focused': { outline: '2px solid var(--color-sky-500)' },
  '.cm-content': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', minHeight: '6.5rem' },
  '.cm-li-command': { color: 'var(--color-violet-600)', fontWeight: '600' },
  '.cm-li-keyword': { color: 'var(--color-violet-600)' },
  '.cm-li-function': { color: 'var(--color-sky-600)' },
  '.cm-li-field': { color: 'var(--color-slate-900)' },
  '.cm-li-string': { color: 'var(--color-green-700)' },
  '.cm-li-regex': { color: 'var(--color-orange-700)' },
  '.cm-li-number': { color: 'var(--color-amber-700)' },
  '.cm-li-operator, .cm-li-pipe': { color: 'var(--color-slate-500)' },
  '.cm-li-comment': { color: 'var(--color-slate-400)', fontStyle: 'italic' },
  '.cm-li-error': { textDecoration: 'underline wavy var(--color-red-600)' },
});

/** A field autocomplete offers: discovered in the selected groups (with its share of their events) or in the results. */
export interface FieldOption {
  name: string;
  percent?: number;
}

/** Fields discovered in the selected groups' records, offered by autocomplete. */
export const setFields = StateEffect.define<FieldOption[]>();
const fieldsState = StateField.define<FieldOption[]>({
  create: () => [],
  update: (value, tr) => tr.effects.reduce((v, e) => (e.is(setFields) ? e.value : v), value),
});

const SYSTEM_FIELDS = ['@timestamp', '@message', '@logStream', '@log', '@ingestionTime', '@ptr'];

const BARE_NAME = /^[@A-Za-z_][\w.@]*$/;

/** How completion labels what it offers, in the page's language; a field's share of events is a percentage. */
export interface CompletionWords {
  field: string;
  fieldShare: (percent: number) => string;
  command: string;
  function: string;
  /** A compile error or warning, said in the page's language. */
  compile: (problem: CompileProblem) => string;
}

/** Completion's labels from the `LogsInsights` messages, compile problems from the `LogsInsightsCompile` ones. */
export function completionWords(t: ReturnType<typeof createTranslator<typeof en, 'LogsInsights'>>, compile: ReturnType<typeof createTranslator<typeof en, 'LogsInsightsCompile'>>): CompletionWords {
  return {
    field: t('completionField'),
    fieldShare: (percent) => t('completionFieldShare', { percent }),
    command: t('completionCommand'),
    function: t('completionFunction'),
    compile: (problem) => compileText(compile, problem),
  };
}

/** The system fields, then the discovered ones, each once; names a bare name cannot spell go in backquotes. */
export function fieldOptions(discovered: FieldOption[], words: CompletionWords): Completion[] {
  const byName = new Map<string, FieldOption>(SYSTEM_FIELDS.map((name) => [name, { name }]));
  // A backquoted name cannot hold a backquote.
  for (const f of discovered) if (!f.name.includes('`')) byName.set(f.name, { ...byName.get(f.name), ...f });
  return [...byName.values()].map((f) => ({
    label: f.name,
    type: 'property',
    detail: f.percent === undefined ? words.field : words.fieldShare(f.percent),
    // The more events have a field, the higher it ranks among equal matches.
    boost: f.percent === undefined ? 0 : Math.round(f.percent / 10) - 10,
    ...(BARE_NAME.test(f.name) ? {} : { apply: `\`${f.name}\`` }),
  }));
}

const completeWith =
  (words: CompletionWords) =>
  (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/[@A-Za-z_][\w.@]*/);
    if (!word && !context.explicit) return null;
    const from = word ? word.from : context.pos;
    const before = context.state.doc.sliceString(0, from);
    // Right after the start or a pipe, a command is expected.
    const atCommand = /(^|\|)\s*$/.test(before.replace(/#[^\n]*/g, ''));
    const options = atCommand
      ? COMMANDS.map((c) => ({ label: c, type: 'keyword', detail: words.command }))
      : [
          ...fieldOptions(context.state.field(fieldsState), words),
          ...FUNCTION_NAMES.map((f) => ({ label: f, type: 'function', apply: `${f}(`, detail: words.function })),
          ...KEYWORDS.map((k) => ({ label: k, type: 'keyword' })),
        ];
    return { from, options, validFor: /^[@\w.]*$/ };
  };

/** The first compile error under the text, where the parser (and the service) says it is, in the page's language. */
const compileErrors = (words: CompletionWords) =>
  linter(
    (view): Diagnostic[] => {
      const text = view.state.doc.toString();
      if (text.trim() === '') return [];
      const result = validateQuery(text);
      if (result.ok) {
        return result.warnings.map((w) => ({ from: Math.min(w.start, text.length), to: Math.min(Math.max(w.end, w.start), text.length), severity: 'warning', message: words.compile(w) }));
      }
      const { start, end } = result.error;
      const from = Math.min(start, text.length);
      return [{ from, to: Math.min(Math.max(end, from), text.length), severity: 'error', message: words.compile(result.error) }];
    },
    { delay: 250 },
  );

export function logsInsightsLanguage(words: CompletionWords): Extension[] {
  return [highlighting, theme, fieldsState, autocompletion({ override: [completeWith(words)] }), compileErrors(words), EditorView.lineWrapping];
}
