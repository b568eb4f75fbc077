import 'server-only';
import { headers } from 'next/headers';
import { sessionForPage, type SessionInfo } from './sign-in';

/**
 * The session for the page being rendered, from its request's headers (see sessionForPage).
 * Undefined when it cannot be told here; the shell then asks the session endpoint, which explains any failure.
 */
export async function renderedPageSession(): Promise<SessionInfo | undefined> {
  try {
    const incoming = await headers();
    const protocol = incoming.get('x-forwarded-proto')?.split(',')[0]?.trim() === 'https' ? 'https' : 'http';
    return await sessionForPage(new Request(`${protocol}://${incoming.get('host') ?? 'localhost'}/`, { headers: incoming }));
  } catch {
    return undefined;
  }
}
