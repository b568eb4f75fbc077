/** The look of the controls in the dark top bar. */
export const topBarControl =
  'h-8 rounded border border-slate-600 bg-slate-800 px-2 text-sm text-slate-100 hover:border-slate-400 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-400';
