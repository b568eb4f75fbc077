import { AuditPage } from '@/components/audit/audit-page';

export default async function Audit({ params }: PageProps<'/c/[cluster]/audit'>) {
  const { cluster } = await params;
  return <AuditPage cluster={decodeURIComponent(cluster)} />;
}
