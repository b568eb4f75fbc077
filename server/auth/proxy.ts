import 'server-only';
import type { ProxyConfig } from '../config';
import { consoleErrors } from '../errors';
import type { RequestIdentity } from '../k8s/identity';
import { safeEqual } from './keys';

/** The user and groups the authenticating proxy vouches for; refused unless the proxy's shared secret came with them. */
export function proxyIdentity(request: Request, proxy: ProxyConfig): Extract<RequestIdentity, { mode: 'proxy' }> {
  const secret = request.headers.get(proxy.secretHeader);
  if (secret === null || !safeEqual(secret, proxy.secret)) {
    throw consoleErrors.proxyHeadersMissing(`requests must come through the authenticating proxy (the ${proxy.secretHeader} header is missing or wrong)`);
  }
  const username = request.headers.get(proxy.userHeader)?.trim();
  if (!username) throw consoleErrors.proxyHeadersMissing(`the authenticating proxy sent no user (header ${proxy.userHeader})`);
  const groups = proxy.groupHeader
    ? [
        ...new Set(
          (request.headers.get(proxy.groupHeader) ?? '')
            .split(',')
            .map((g) => g.trim())
            .filter(Boolean),
        ),
      ]
    : [];
  return { mode: 'proxy', username, groups };
}
