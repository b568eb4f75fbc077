'use client';
import { useEffect, useRef, type RefObject } from 'react';

/** While `open`, a pointer press outside `root` or Escape calls `dismiss` with which it was. */
export function useDismiss(open: boolean, root: RefObject<HTMLElement | null>, dismiss: (how: 'escape' | 'outside') => void): void {
  const latest = useRef(dismiss);
  useEffect(() => {
    latest.current = dismiss;
  });
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) latest.current('outside');
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') latest.current('escape');
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, root]);
}
