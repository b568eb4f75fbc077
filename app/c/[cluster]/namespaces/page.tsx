import { NamespacesPage } from '@/components/namespaces/namespaces-page';

export default async function Namespaces({ params }: PageProps<'/c/[cluster]/namespaces'>) {
  const { cluster } = await params;
  return <NamespacesPage cluster={decodeURIComponent(cluster)} />;
}
