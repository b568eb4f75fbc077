import type { createTranslator } from 'next-intl';
import type { CompileCode, CompileParams } from '@/lib/logs-insights/compile-messages';
import type en from '@/messages/en.json';

/** A compile error or warning as the parser or the console's API gives it: its English words, and the code and values to say it in another language. */
export interface CompileProblem {
  message: string;
  code?: string;
  params?: CompileParams;
}

type CompileTranslator = ReturnType<typeof createTranslator<typeof en, 'LogsInsightsCompile'>>;

/**
 * The problem in the page's language. One without a code, or with one these messages do not know
 * (the service's own MalformedQueryException, a newer console), keeps its words as given.
 */
export function compileText(t: CompileTranslator, problem: CompileProblem): string {
  const code = problem.code as CompileCode | undefined;
  if (!code || code === 'service' || !t.has(code)) return problem.message;
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(problem.params ?? {})) if (value !== undefined) values[key] = value;
  // The messages say the end of the query with a select on `end`; a token found is always quoted, so never that.
  values.found ??= 'end';
  return t(code, values as never);
}
