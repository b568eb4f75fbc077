import { ResourceObjectPage } from '@/components/resources/resource-object-page';

/** `_` stands for the namespace of a cluster-scoped object. */
export default async function ResourceObject({ params }: PageProps<'/c/[cluster]/r/[group]/[version]/[resource]/[namespace]/[name]'>) {
  const { cluster, group, version, resource, namespace, name } = await params;
  const ns = decodeURIComponent(namespace);
  return (
    <ResourceObjectPage
      cluster={decodeURIComponent(cluster)}
      id={{ group: decodeURIComponent(group), version: decodeURIComponent(version), resource: decodeURIComponent(resource) }}
      namespace={ns === '_' ? '' : ns}
      name={decodeURIComponent(name)}
    />
  );
}
