import type { Metadata } from 'next';
import { Suspense } from 'react';
import { SignInForm } from '@/components/sign-in/sign-in-form';

export const metadata: Metadata = { title: 'Sign in · Watchdeck' };

export default function SignInPage() {
  return (
    <div className="min-h-screen">
      <header className="flex h-12 items-center bg-slate-900 px-4 text-base font-semibold tracking-tight text-slate-100">Watchdeck</header>
      <main className="mx-auto mt-12 max-w-md rounded-md border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="mb-4 text-lg font-semibold">Sign in to the cluster</h1>
        <Suspense>
          <SignInForm />
        </Suspense>
      </main>
    </div>
  );
}
