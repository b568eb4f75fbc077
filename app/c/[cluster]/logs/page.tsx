import { LogsPage } from '@/components/logs-insights/logs-page';

export default async function Logs({ params }: PageProps<'/c/[cluster]/logs'>) {
  const { cluster } = await params;
  return <LogsPage cluster={decodeURIComponent(cluster)} />;
}
