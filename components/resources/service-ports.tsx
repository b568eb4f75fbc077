import { useTranslations } from 'next-intl';
import { proxyHref, ProxyLink } from '../pods/port-links';
import { Facts } from '../table/panel';
import { SimpleTable, type SimpleColumn } from '../table/simple-table';

/** A Service port as the API returns it: `targetPort` is a number or the name of a container port. */
export type ServicePort = { name?: string; protocol?: string; port: number; targetPort?: number | string; nodePort?: number; appProtocol?: string };

export type ServiceSpec = { type?: string; clusterIP?: string; externalName?: string; ports?: ServicePort[]; selector?: Record<string, string> };

/**
 * The address of a Service port's page through the API server's services/proxy, on the console's origin.
 * The port is named as the API server resolves it: by its name when it has one, else by its number.
 */
export function serviceProxyHref(cluster: string, namespace: string, service: string, port: ServicePort): string {
  return proxyHref(cluster, namespace, 'services', service, port.name || port.port);
}

/**
 * A Service's type, address and ports. Each TCP port of a Service with a selector opens its page in a new tab
 * through services/proxy, as the caller (the API server decides; the tab shows its refusal). An ExternalName
 * Service or one without a selector has no endpoints the API server would pick for it, so it has no link.
 */
export function ServicePorts({ cluster, namespace, name, spec }: { cluster: string; namespace: string; name: string; spec: ServiceSpec }) {
  const t = useTranslations('Services');
  const ports = (spec.ports ?? []).filter((p) => p && typeof p.port === 'number');
  const proxied = spec.type !== 'ExternalName' && Object.keys(spec.selector ?? {}).length > 0;
  const columns: SimpleColumn<ServicePort>[] = [
    { header: t('portName'), cell: (p) => p.name || '—' },
    {
      header: t('port'),
      cell: (p) =>
        proxied && (p.protocol ?? 'TCP') === 'TCP' ? (
          <ProxyLink href={serviceProxyHref(cluster, namespace, name, p)} title={t('openPort', { port: p.name || String(p.port) })}>
            {p.port}/{p.protocol ?? 'TCP'}
          </ProxyLink>
        ) : (
          `${p.port}/${p.protocol ?? 'TCP'}`
        ),
    },
    { header: t('targetPort'), cell: (p) => String(p.targetPort ?? p.port) },
    { header: t('nodePort'), cell: (p) => (p.nodePort ? String(p.nodePort) : '—') },
  ];
  return (
    <div className="space-y-2">
      <Facts
        facts={[
          [t('type'), spec.type ?? 'ClusterIP'],
          [spec.type === 'ExternalName' ? t('externalName') : t('clusterIP'), spec.type === 'ExternalName' ? spec.externalName : spec.clusterIP],
        ]}
      />
      {ports.length === 0 ? (
        <p className="text-sm text-slate-500">{t('noPorts')}</p>
      ) : (
        <SimpleTable label={t('ports')} rows={ports} columns={columns} rowKey={(p) => `${p.name ?? ''}/${p.port}/${p.protocol ?? 'TCP'}`} />
      )}
    </div>
  );
}
