import { OverviewPage } from '@/components/overview/overview-page';

export default async function ClusterOverview({ params }: PageProps<'/c/[cluster]'>) {
  const { cluster } = await params;
  return <OverviewPage cluster={decodeURIComponent(cluster)} />;
}
