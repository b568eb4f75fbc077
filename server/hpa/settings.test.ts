import { describe, expect, it } from 'vitest';
import { recorderSettings } from './settings';

describe('HPA recorder settings', () => {
  it('defaults to a sample a minute kept 7 days, recording on', () => {
    expect(recorderSettings({})).toEqual({ enabled: true, intervalMs: 60_000, retentionMs: 7 * 86_400_000 });
  });

  it('reads the interval, retention, token file and the off switch', () => {
    expect(recorderSettings({ WATCHDECK_HPA_SAMPLE_INTERVAL: '15s', WATCHDECK_HPA_HISTORY_RETENTION: '36h', WATCHDECK_HPA_RECORDER_TOKEN_FILE: '/run/token', WATCHDECK_HPA_RECORDER: 'off' })).toEqual({
      enabled: false,
      intervalMs: 15_000,
      retentionMs: 36 * 3_600_000,
      tokenFile: '/run/token',
    });
  });

  it('names the variable at fault', () => {
    expect(() => recorderSettings({ WATCHDECK_HPA_HISTORY_RETENTION: 'a week' })).toThrow('WATCHDECK_HPA_HISTORY_RETENTION: must be a whole number with s, m, h or d, e.g. 7d (got "a week")');
    expect(() => recorderSettings({ WATCHDECK_HPA_SAMPLE_INTERVAL: '1s' })).toThrow('WATCHDECK_HPA_SAMPLE_INTERVAL: must be at least 5s (got "1s")');
  });
});
