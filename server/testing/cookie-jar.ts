import 'server-only';
/** Test scaffolding: the cookies a browser keeps from the console's answers. */
export interface CookieJar {
  /** Keeps every Set-Cookie of the answer, replacing cookies of the same name. */
  absorb(response: Response): void;
  /** The Cookie header the browser would send. */
  header(): string;
  get(name: string): string | undefined;
}

export function cookieJar(): CookieJar {
  const jar = new Map<string, string>();
  return {
    absorb(response) {
      for (const c of response.headers.getSetCookie()) {
        const [pair] = c.split('; ');
        jar.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
      }
    },
    header: () => [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
    get: (name) => jar.get(name),
  };
}
