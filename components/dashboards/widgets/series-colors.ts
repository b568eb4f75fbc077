/** A dashboard chart's series colours, in order: theme variables (app/globals.css), so the charts follow light and dark. */
export const SERIES_COLORS = ['blue', 'red', 'green', 'amber', 'violet', 'cyan', 'pink', 'slate'].map((hue) => `var(--color-${hue}-600)`);
