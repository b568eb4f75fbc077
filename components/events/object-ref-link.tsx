import Link from 'next/link';
import type { ResourceEntry } from '../api/queries/resources';
import { eventObjectHref, type EventObject } from './object-link';

/**
 * An object reference as kubectl prints it ("kind/name"), linked to the object's page when
 * discovery names its kind (`served`), plain text until then or when it does not.
 */
export function ObjectRefLink({ cluster, served, object, className = '' }: { cluster: string; served: readonly ResourceEntry[] | undefined; object: EventObject; className?: string }) {
  const text = `${object.kind.toLowerCase()}/${object.name}`;
  const href = served ? eventObjectHref(cluster, served, object) : undefined;
  return href ? (
    <Link href={href} className={`text-sky-800 hover:underline ${className}`}>
      {text}
    </Link>
  ) : (
    <span className={className}>{text}</span>
  );
}
