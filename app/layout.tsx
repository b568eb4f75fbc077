import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { Providers } from '@/components/providers';
import './globals.css';

export const metadata: Metadata = { title: 'Watchdeck', description: 'Operations console for Kubernetes and AWS CloudWatch' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Reading the request renders every page per request, so each carries its own nonce (see proxy.ts).
  const nonce = (await headers()).get('x-nonce') ?? '';
  return (
    <html lang="en">
      <body className="bg-slate-50 text-slate-900 antialiased">
        <Providers nonce={nonce}>{children}</Providers>
      </body>
    </html>
  );
}
