import { describe, expect, it } from 'vitest';
import { splitMatches } from './find';

describe('splitMatches', () => {
  it('marks every case-insensitive occurrence and keeps the text between them', () => {
    expect(splitMatches('Health GET API called. health ok', 'health')).toEqual([
      { text: 'Health', match: true },
      { text: ' GET API called. ', match: false },
      { text: 'health', match: true },
      { text: ' ok', match: false },
    ]);
  });

  it('leaves a line without the needle, or with no needle, whole', () => {
    expect(splitMatches('started', 'error')).toEqual([{ text: 'started', match: false }]);
    expect(splitMatches('started', '')).toEqual([{ text: 'started', match: false }]);
  });
});
