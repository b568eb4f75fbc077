import { RolePage } from '@/components/access/role-page';

export default async function Role({ params }: PageProps<'/c/[cluster]/access/roles/[kind]/[name]'>) {
  const { cluster, kind, name } = await params;
  return <RolePage cluster={decodeURIComponent(cluster)} plural={kind} name={decodeURIComponent(name)} />;
}
