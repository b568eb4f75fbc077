import 'server-only';

const holder = globalThis as unknown as { __watchdeckHpaClock?: () => number };

/** The time the HPA explanation and recorder take as now: the wall clock, or a test's simulated clock. */
export function hpaNow(): number {
  return holder.__watchdeckHpaClock?.() ?? Date.now();
}

/** Replaces the clock (tests driving a manual-clock sandbox); undefined restores the wall clock. */
export function setHpaClock(clock: (() => number) | undefined): void {
  holder.__watchdeckHpaClock = clock;
}
