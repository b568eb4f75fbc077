import { DashboardPage } from '@/components/dashboards/dashboard-page';

export default async function Dashboard({ params }: PageProps<'/c/[cluster]/dashboards/[id]'>) {
  const { cluster, id } = await params;
  return <DashboardPage cluster={decodeURIComponent(cluster)} id={decodeURIComponent(id)} />;
}
