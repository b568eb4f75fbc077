import { DashboardsList } from '@/components/dashboards/dashboards-list';

export default async function Dashboards({ params }: PageProps<'/c/[cluster]/dashboards'>) {
  const { cluster } = await params;
  return <DashboardsList cluster={decodeURIComponent(cluster)} />;
}
