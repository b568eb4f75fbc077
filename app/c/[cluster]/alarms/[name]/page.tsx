import { AlarmPage } from '@/components/alarms/alarm-page';

export default async function Alarm({ params }: PageProps<'/c/[cluster]/alarms/[name]'>) {
  const { cluster, name } = await params;
  return <AlarmPage cluster={decodeURIComponent(cluster)} name={decodeURIComponent(name)} />;
}
