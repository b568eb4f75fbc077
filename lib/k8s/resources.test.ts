import { describe, expect, it } from 'vitest';
import { podLimits, podRequests } from './resources';

const r = (cpu: string, memory: string) => ({ resources: { requests: { cpu, memory }, limits: { cpu, memory } } });

describe('pod requests', () => {
  it('sums app containers and adds overhead', () => {
    expect(podRequests({ spec: { containers: [r('250m', '256Mi'), r('100m', '64Mi')], overhead: { cpu: '50m' } } })).toEqual({ cpuMillicores: 400, memoryBytes: 320 * 2 ** 20 });
  });
  it('counts an init container only when it outweighs the apps, and sidecars beside both', () => {
    const pod = { spec: { initContainers: [r('2', '1Gi'), { restartPolicy: 'Always', ...r('100m', '128Mi') }], containers: [r('500m', '256Mi')] } };
    expect(podRequests(pod)).toEqual({ cpuMillicores: 2000, memoryBytes: 2 ** 30 });
    expect(podLimits({ spec: { initContainers: [{ restartPolicy: 'Always', ...r('100m', '128Mi') }, r('200m', '64Mi')], containers: [r('500m', '256Mi')] } })).toEqual({
      cpuMillicores: 600,
      memoryBytes: 384 * 2 ** 20,
    });
  });
  it('treats missing resources as zero', () => {
    expect(podRequests({ spec: { containers: [{}] } })).toEqual({ cpuMillicores: 0, memoryBytes: 0 });
  });
});
