import { PodPage } from '@/components/pods/pod-page';

export default async function Pod({ params }: PageProps<'/c/[cluster]/pods/[namespace]/[name]'>) {
  const { cluster, namespace, name } = await params;
  return <PodPage cluster={decodeURIComponent(cluster)} namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />;
}
