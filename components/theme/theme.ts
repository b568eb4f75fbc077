/** The colour theme a person chose: the system's (prefers-color-scheme), or light or dark whatever the system says. */
export type ThemeChoice = 'system' | 'light' | 'dark';

export const THEME_CHOICES: ThemeChoice[] = ['system', 'light', 'dark'];

/** The cookie that remembers the choice, so the server renders the chosen theme and the page does not flash the other one. */
export const THEME_COOKIE = 'watchdeck-theme';

/** A year: the choice outlives the session. */
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

/** The choice a cookie's value holds; anything else (no cookie, a value from elsewhere) follows the system. */
export function themeChoiceOf(value: string | undefined): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}

/** The `data-theme` attribute of <html> for a choice: none for the system's, which globals.css follows through `color-scheme: light dark`. */
export function themeAttribute(choice: ThemeChoice): 'light' | 'dark' | undefined {
  return choice === 'system' ? undefined : choice;
}

/** The Set-Cookie text (document.cookie) that remembers `choice`; `secure` on an https page. */
export function themeCookie(choice: ThemeChoice, secure: boolean): string {
  return `${THEME_COOKIE}=${choice}; Path=/; Max-Age=${MAX_AGE_SECONDS}; SameSite=Lax${secure ? '; Secure' : ''}`;
}
