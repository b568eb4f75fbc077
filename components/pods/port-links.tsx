import { useTranslations } from 'next-intl';

/**
 * The address of a pod's or a Service's port page through the API server's pods/proxy or services/proxy, on the
 * console's origin: `name:port`, a port by its number, or a Service's port by its name.
 */
export function proxyHref(cluster: string, namespace: string, resource: 'pods' | 'services', name: string, port: number | string): string {
  return `/api/v1/clusters/${encodeURIComponent(cluster)}/namespaces/${encodeURIComponent(namespace)}/${resource}/${encodeURIComponent(name)}:${encodeURIComponent(String(port))}/proxy`;
}

export function podProxyHref(cluster: string, namespace: string, pod: string, port: number): string {
  return proxyHref(cluster, namespace, 'pods', pod, port);
}

/** A port that opens its page in a new tab through the API server's proxy, as the caller. */
export function ProxyLink({ href, title, children }: { href: string; title: string; children: React.ReactNode }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" className="text-sky-800 underline-offset-2 hover:underline" title={title}>
      {children} ↗
    </a>
  );
}

/** "8080/TCP (http)" → 8080 for a TCP port; UDP and SCTP ports have no HTTP page. */
export function tcpPort(port: string): number | undefined {
  const m = /^(\d+)\/TCP\b/.exec(port);
  return m ? Number(m[1]) : undefined;
}

/**
 * A container's ports; while it runs, each TCP port opens its page in a new tab through pods/proxy, as the
 * caller (the API server decides; the tab shows its refusal when `get pods/proxy` is not granted).
 */
export function PortLinks({ ports, running, proxy }: { ports: string[]; running: boolean; proxy?: { cluster: string; namespace: string; pod: string } }) {
  const t = useTranslations('Containers');
  return (
    <span className="font-mono">
      {ports.map((port, i) => {
        const number = tcpPort(port);
        return (
          <span key={port}>
            {i > 0 && ', '}
            {proxy && running && number !== undefined ? (
              <ProxyLink href={podProxyHref(proxy.cluster, proxy.namespace, proxy.pod, number)} title={t('openPort', { port: number })}>
                {port}
              </ProxyLink>
            ) : (
              port
            )}
          </span>
        );
      })}
    </span>
  );
}
