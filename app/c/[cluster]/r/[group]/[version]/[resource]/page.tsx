import { ResourceRoute } from '@/components/resources/resource-route';

export default async function ResourceList({ params }: PageProps<'/c/[cluster]/r/[group]/[version]/[resource]'>) {
  const { cluster, group, version, resource } = await params;
  return <ResourceRoute cluster={decodeURIComponent(cluster)} id={{ group: decodeURIComponent(group), version: decodeURIComponent(version), resource: decodeURIComponent(resource) }} />;
}
