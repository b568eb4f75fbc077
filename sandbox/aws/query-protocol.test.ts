import { describe, expect, it } from 'vitest';
import { B, D, decodeQueryInput, I, list, map, S, struct, T } from './query-protocol';

// Serialization rules from botocore's QuerySerializer (botocore/serialize.py): lists as
// `Name.member.N` (an empty one as `Name=`), maps as `Name.entry.N.key`/`.value`, nested
// structures as `Name.Member`, booleans as `true`/`false`, timestamps in ISO 8601.
const Shape = struct({
  Name: S,
  Count: I,
  Ratio: D,
  Enabled: B,
  At: T,
  Tags: list(S),
  Empty: list(S),
  Items: list(struct({ Key: S, Values: list(D) })),
  Attributes: map(S, S),
  Nested: struct({ Inner: S }),
  Absent: struct({ Inner: S }),
});

describe('decoding AWS query parameters by shape', () => {
  it('types scalars, gathers lists, maps and structures, and keeps an empty list', () => {
    const params = new URLSearchParams(
      'Action=X&Version=1&Name=n&Count=3&Ratio=0.5&Enabled=false&At=2026-01-01T00%3A00%3A10.500000Z&Tags.member.1=a&Tags.member.2=b&Empty=' +
        '&Items.member.1.Key=k1&Items.member.1.Values.member.1=1&Items.member.1.Values.member.2=2.5&Items.member.2.Key=k2' +
        '&Attributes.entry.1.key=Type&Attributes.entry.1.value=Service&Attributes.entry.2.key=Name&Attributes.entry.2.value=api&Nested.Inner=i&Unknown=u',
    );
    expect(decodeQueryInput(params, Shape)).toEqual({
      Name: 'n',
      Count: 3,
      Ratio: 0.5,
      Enabled: false,
      At: 1767225610.5,
      Tags: ['a', 'b'],
      Empty: [],
      Items: [{ Key: 'k1', Values: [1, 2.5] }, { Key: 'k2' }],
      Attributes: { Type: 'Service', Name: 'api' },
      Nested: { Inner: 'i' },
    });
  });

  it('leaves a value that is not of its type as text, for the operation to refuse with its own message', () => {
    expect(decodeQueryInput(new URLSearchParams('Count=two&Enabled=yes&At=yesterday&Ratio='), Shape)).toEqual({ Count: 'two', Enabled: 'yes', At: 'yesterday', Ratio: '' });
  });

  it('reads list members in order and stops at the first gap, as member.10 is not member.1', () => {
    expect(decodeQueryInput(new URLSearchParams('Tags.member.2=b&Tags.member.1=a&Tags.member.10=j'), Shape)).toEqual({ Tags: ['a', 'b'] });
  });
});
