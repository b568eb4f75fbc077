import { AlarmsPage } from '@/components/alarms/alarms-page';

export default async function Alarms({ params }: PageProps<'/c/[cluster]/alarms'>) {
  const { cluster } = await params;
  return <AlarmsPage cluster={decodeURIComponent(cluster)} />;
}
