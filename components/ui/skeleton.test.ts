import { describe, expect, it } from 'vitest';
import { waitingText } from './skeleton';

describe('waitingText', () => {
  it('says nothing for the first 2 s, then what the skeleton waits for and for how many whole seconds', () => {
    expect(waitingText('Loading pod', 'the API server', 1_999)).toBeUndefined();
    expect(waitingText('Loading pod', 'the API server', 2_000)).toBe('Loading pod: waiting for the API server… 2 s');
    expect(waitingText('Loading Container Insights', 'CloudWatch', 4_900)).toBe('Loading Container Insights: waiting for CloudWatch… 4 s');
  });
});
