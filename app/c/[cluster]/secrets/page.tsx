import { SecretsPage } from '@/components/secrets/secrets-page';

export default async function Secrets({ params }: PageProps<'/c/[cluster]/secrets'>) {
  const { cluster } = await params;
  return <SecretsPage cluster={decodeURIComponent(cluster)} />;
}
