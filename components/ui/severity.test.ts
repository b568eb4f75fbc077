import { describe, expect, it } from 'vitest';
import { statusSeverity } from './severity';

describe('statusSeverity', () => {
  it('colours kubectl statuses by what an operator must do about them', () => {
    expect(statusSeverity('Running')).toBe('ok');
    expect(statusSeverity('Completed')).toBe('done');
    expect(statusSeverity('Pending')).toBe('progressing');
    expect(statusSeverity('ContainerCreating')).toBe('progressing');
    expect(statusSeverity('Init:0/2')).toBe('progressing');
    expect(statusSeverity('Terminating')).toBe('progressing');
    expect(statusSeverity('NotReady')).toBe('warning');
    expect(statusSeverity('CrashLoopBackOff')).toBe('error');
    expect(statusSeverity('ImagePullBackOff')).toBe('error');
    expect(statusSeverity('ErrImagePull')).toBe('error');
    expect(statusSeverity('OOMKilled')).toBe('error');
    expect(statusSeverity('Init:CrashLoopBackOff')).toBe('error');
    expect(statusSeverity('Error')).toBe('error');
  });
});
