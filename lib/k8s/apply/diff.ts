/** A line diff of two texts in unified hunks (the `diff` package), for a page to render line by line. */
import { structuredPatch } from 'diff';

export interface DiffLine {
  kind: 'context' | 'added' | 'removed';
  text: string;
}

export interface DiffHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

const KINDS = { ' ': 'context', '+': 'added', '-': 'removed' } as const;

/** The hunks that turn `before` into `after`, with `context` unchanged lines around each change; none when equal. */
export function lineDiff(before: string, after: string, context = 3): DiffHunk[] {
  const patch = structuredPatch('live', 'result', before, after, '', '', { context });
  return patch.hunks.map((h) => ({
    oldStart: h.oldStart,
    oldLines: h.oldLines,
    newStart: h.newStart,
    newLines: h.newLines,
    // "\ No newline at end of file" marks are the patch format's, not the text's.
    lines: h.lines.filter((l) => l[0] in KINDS).map((l) => ({ kind: KINDS[l[0] as keyof typeof KINDS], text: l.slice(1) })),
  }));
}
