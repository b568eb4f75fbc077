import { describe, expect, it } from 'vitest';
import { idTokenClockProblem, renewalTime } from './oidc-times';

describe('when an ID token is renewed', () => {
  const iat = Date.parse('2026-12-06T09:00:00Z') / 1000;

  it('renews an hour-long token 60 s before exp', () => {
    expect(renewalTime(iat, iat + 3600).toISOString()).toBe('2026-12-06T09:59:00.000Z');
  });

  it('renews a token shorter than two minutes halfway through its life', () => {
    expect(renewalTime(iat, iat + 20).toISOString()).toBe('2026-12-06T09:00:10.000Z');
    expect(renewalTime(iat, iat + 120).toISOString()).toBe('2026-12-06T09:01:00.000Z');
  });

  it('renews at once a token that says it expired before it was issued', () => {
    expect(renewalTime(iat, iat - 5).toISOString()).toBe('2026-12-06T08:59:55.000Z');
  });
});

describe("ID token times against this server's clock", () => {
  const now = 1_800_000_000;

  it("accepts iat and nbf up to the 30 s tolerance ahead (openid-client's default clockTolerance)", () => {
    expect(idTokenClockProblem({ iat: now + 30, nbf: now + 30 }, now)).toBeUndefined();
    expect(idTokenClockProblem({ iat: now - 3600 }, now)).toBeUndefined();
    expect(idTokenClockProblem({}, now)).toBeUndefined();
  });

  it('names an iat further ahead, with both clocks', () => {
    expect(idTokenClockProblem({ iat: now + 300 }, now)).toBe(
      "the ID token is issued 300 s in the future (iat 1800000300, this server's time 1800000000); the clocks of this server and the OpenID provider differ by more than 30 s",
    );
  });

  it('names an nbf further ahead when iat is fine', () => {
    expect(idTokenClockProblem({ iat: now, nbf: now + 31 }, now)).toBe(
      "the ID token is valid from 31 s in the future (nbf 1800000031, this server's time 1800000000); the clocks of this server and the OpenID provider differ by more than 30 s",
    );
  });
});
