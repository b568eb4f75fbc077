import { describe, expect, it } from 'vitest';
import { cloudWatchNameProblem, defaultCloudWatchName } from './cloudwatch-name';

// Romanised spellings are the Revised Romanization of Korean (국어의 로마자 표기법), the sound changes included: 백엔드 is said 배겐드.
describe('the CloudWatch name offered for a dashboard title', () => {
  it('romanises a Korean title instead of dropping it', () => {
    expect(defaultCloudWatchName('백엔드 오류 (on-call)', 'Ab3_x-9kLm2Q')).toBe('baegendeu-oryu-on-call');
    expect(defaultCloudWatchName('한국어 로그', 'Ab3_x-9kLm2Q')).toBe('hangugeo-rogeu');
    expect(defaultCloudWatchName('결제 API 지연', 'Ab3_x-9kLm2Q')).toBe('gyeolje-API-jiyeon');
  });

  it('keeps a Latin title, its case, digits, "-" and "_", and makes one "-" of every other run', () => {
    expect(defaultCloudWatchName('Checkout p99 latency / eu-west-1', 'id1')).toBe('Checkout-p99-latency-eu-west-1');
    expect(defaultCloudWatchName('api_errors', 'id1')).toBe('api_errors');
    expect(defaultCloudWatchName('Café résumé', 'id1')).toBe('Cafe-resume');
  });

  it('falls back to dashboard-<id> when no letter or digit remains', () => {
    expect(defaultCloudWatchName('日本語のダッシュボード', 'Ab3_x-9kLm2Q')).toBe('dashboard-Ab3_x-9kLm2Q');
    expect(defaultCloudWatchName('📈 — !!', 'Ab3_x-9kLm2Q')).toBe('dashboard-Ab3_x-9kLm2Q');
  });

  it('stays within 255 characters and ends on a letter or digit', () => {
    const name = defaultCloudWatchName(`${'a'.repeat(254)} b`, 'id1');
    expect([name.length, name.at(-1)]).toEqual([254, 'a']);
    expect(defaultCloudWatchName('x'.repeat(300), 'id1')).toBe('x'.repeat(255));
  });

  it('offers names CloudWatch takes', () => {
    for (const title of ['백엔드 오류 (on-call)', 'Café résumé', '📈', 'a'.repeat(300)]) expect(cloudWatchNameProblem(defaultCloudWatchName(title, 'Ab3_x-9kLm2Q'))).toBeUndefined();
  });
});

describe('a CloudWatch name the user typed', () => {
  it('is taken with letters, digits, "-" and "_" up to 255 characters', () => {
    expect(cloudWatchNameProblem('Backend_errors-on-call')).toBeUndefined();
    expect(cloudWatchNameProblem('x'.repeat(255))).toBeUndefined();
  });

  it('says which characters CloudWatch refuses, each once', () => {
    expect(cloudWatchNameProblem('백엔드 오류')).toEqual({ kind: 'characters', refused: ['백', '엔', '드', ' ', '오', '류'] });
    expect(cloudWatchNameProblem('api.errors.v2')).toEqual({ kind: 'characters', refused: ['.'] });
  });

  it('says when it is empty or too long', () => {
    expect(cloudWatchNameProblem('')).toEqual({ kind: 'empty' });
    expect(cloudWatchNameProblem('x'.repeat(256))).toEqual({ kind: 'tooLong', length: 256 });
  });
});
