import 'server-only';
import { headers } from 'next/headers';
import { readCookie } from './cookies';
import { sessionForPage, type SessionInfo } from './sign-in';

/** The origin the page being rendered was asked for, as its request's headers name it. */
export async function renderedPageOrigin(): Promise<string> {
  return pageOrigin(await headers());
}

function pageOrigin(incoming: Headers): string {
  const protocol = incoming.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  return `${protocol}://${incoming.get('host') ?? 'localhost'}`;
}

/**
 * The session for the page being rendered, from its request's headers (see sessionForPage).
 * Undefined when it cannot be told here; the shell then asks the session endpoint, which explains any failure.
 */
export async function renderedPageSession(): Promise<SessionInfo | undefined> {
  try {
    const incoming = await headers();
    return await sessionForPage(new Request(`${pageOrigin(incoming)}/`, { headers: incoming }));
  } catch {
    return undefined;
  }
}

/** A cookie of the page being rendered, the first of its name that decodes (readCookie). */
export async function renderedPageCookie(name: string): Promise<string | undefined> {
  const incoming = await headers();
  return readCookie(new Request(`${pageOrigin(incoming)}/`, { headers: incoming }), name);
}
