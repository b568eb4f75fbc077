import { HpasPage } from '@/components/autoscaling/hpas-page';

export default async function Autoscaling({ params }: PageProps<'/c/[cluster]/autoscaling'>) {
  const { cluster } = await params;
  return <HpasPage cluster={decodeURIComponent(cluster)} />;
}
