import { BindingPage } from '@/components/access/role-page';

export default async function Binding({ params }: PageProps<'/c/[cluster]/access/bindings/[kind]/[name]'>) {
  const { cluster, kind, name } = await params;
  return <BindingPage cluster={decodeURIComponent(cluster)} plural={kind} name={decodeURIComponent(name)} />;
}
