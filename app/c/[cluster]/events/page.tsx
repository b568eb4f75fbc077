import { EventsPage } from '@/components/events/events-page';

export default async function Events({ params }: PageProps<'/c/[cluster]/events'>) {
  const { cluster } = await params;
  return <EventsPage cluster={decodeURIComponent(cluster)} />;
}
