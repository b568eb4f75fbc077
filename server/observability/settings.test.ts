import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config';
import { observabilitySettings } from './settings';

describe('observabilitySettings', () => {
  it('listens for metrics on 9464, on loopback outside a pod and on every address in one, and logs info as JSON', () => {
    expect(observabilitySettings({})).toEqual({ metrics: { port: 9464, host: '127.0.0.1' }, logLevel: 'info', logFormat: 'json', trustRequestId: false });
    // The kubelet sets KUBERNETES_SERVICE_HOST in every container.
    expect(observabilitySettings({ KUBERNETES_SERVICE_HOST: '10.100.0.1' }).metrics).toEqual({ port: 9464, host: '0.0.0.0' });
    expect(observabilitySettings({ KUBERNETES_SERVICE_HOST: '10.100.0.1', WATCHDECK_METRICS_HOST: '10.0.3.7' }).metrics).toEqual({ port: 9464, host: '10.0.3.7' });
  });

  it('has no metrics listener for port 0 or "off"', () => {
    expect(observabilitySettings({ WATCHDECK_METRICS_PORT: '0' }).metrics).toBeUndefined();
    expect(observabilitySettings({ WATCHDECK_METRICS_PORT: 'off' }).metrics).toBeUndefined();
    expect(observabilitySettings({ WATCHDECK_METRICS_PORT: ' 9100 ' }).metrics).toEqual({ port: 9100, host: '127.0.0.1' });
  });

  it('logs pretty lines under next dev unless told otherwise, and takes X-Request-Id only when told to', () => {
    expect(observabilitySettings({ NODE_ENV: 'development' }).logFormat).toBe('pretty');
    expect(observabilitySettings({ NODE_ENV: 'development', WATCHDECK_LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(observabilitySettings({ NODE_ENV: 'production', WATCHDECK_LOG_LEVEL: 'debug' })).toMatchObject({ logLevel: 'debug', logFormat: 'json' });
    expect(observabilitySettings({ WATCHDECK_TRUST_REQUEST_ID: 'true' }).trustRequestId).toBe(true);
  });

  it('names the variable at fault and what it got', () => {
    const cases: [Record<string, string>, string][] = [
      [{ WATCHDECK_METRICS_PORT: 'metrics' }, 'WATCHDECK_METRICS_PORT: must be a port number, or 0 or "off" for no metrics listener (got "metrics")'],
      [{ WATCHDECK_METRICS_PORT: '70000' }, 'WATCHDECK_METRICS_PORT: must be a port number, or 0 or "off" for no metrics listener (got "70000")'],
      [{ WATCHDECK_LOG_LEVEL: 'verbose' }, 'WATCHDECK_LOG_LEVEL: Invalid option: expected one of "fatal"|"error"|"warn"|"info"|"debug"|"trace"|"silent" (got "verbose")'],
      [{ WATCHDECK_LOG_FORMAT: 'text' }, 'WATCHDECK_LOG_FORMAT: Invalid option: expected one of "json"|"pretty" (got "text")'],
    ];
    for (const [env, message] of cases) {
      expect(() => observabilitySettings(env)).toThrow(ConfigError);
      expect(() => observabilitySettings(env)).toThrow(message);
    }
  });
});
