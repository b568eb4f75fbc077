/**
 * When an OpenID Connect ID token is renewed and when its times say the clocks disagree.
 * Pure (no I/O): the console's sign-in and its renewal share it.
 */

/** An ID token is renewed this long before it expires, so no request reaches the API server with one about to lapse. */
export const RENEW_BEFORE_SECONDS = 60;

/** How far the provider's clock may run ahead of the console's: openid-client's default tolerance. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/**
 * When a token issued at `iat` and expiring at `exp` (seconds) is renewed: a minute before exp, or
 * halfway through a lifetime shorter than two minutes, so a short-lived token is not renewed at every use.
 */
export function renewalTime(iat: number, exp: number): Date {
  return new Date((exp - Math.min(RENEW_BEFORE_SECONDS, Math.max(0, exp - iat) / 2)) * 1000);
}

/**
 * What is wrong with an ID token's times as read at `nowSeconds`, or undefined when nothing is:
 * issued (iat) or valid from (nbf) later than the tolerance allows means one of the clocks is wrong.
 */
export function idTokenClockProblem(claims: { iat?: number; nbf?: number }, nowSeconds: number, toleranceSeconds = CLOCK_TOLERANCE_SECONDS): string | undefined {
  for (const claim of ['iat', 'nbf'] as const) {
    const value = claims[claim];
    if (typeof value === 'number' && value > nowSeconds + toleranceSeconds) {
      const what = claim === 'iat' ? 'issued' : 'valid from';
      return `the ID token is ${what} ${value - nowSeconds} s in the future (${claim} ${value}, this server's time ${nowSeconds}); the clocks of this server and the OpenID provider differ by more than ${toleranceSeconds} s`;
    }
  }
  return undefined;
}
