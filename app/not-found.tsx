import Link from 'next/link';

/** The console's own 404, styled by its stylesheet: Next's default one uses inline styles the policy refuses. */
export default function NotFound() {
  return (
    <main className="mx-auto max-w-xl p-8">
      <h1 className="mb-2 text-lg font-semibold">Not found</h1>
      <p className="text-sm text-slate-700">
        Nothing in the console has this address.{' '}
        <Link href="/" className="font-medium text-sky-700 underline">
          Open the console
        </Link>
      </p>
    </main>
  );
}
