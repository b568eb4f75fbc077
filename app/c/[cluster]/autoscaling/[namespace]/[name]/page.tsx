import { HpaPage } from '@/components/autoscaling/hpa-page';

export default async function Hpa({ params }: PageProps<'/c/[cluster]/autoscaling/[namespace]/[name]'>) {
  const { cluster, namespace, name } = await params;
  return <HpaPage cluster={decodeURIComponent(cluster)} namespace={decodeURIComponent(namespace)} name={decodeURIComponent(name)} />;
}
