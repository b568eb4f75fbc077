import { describe, expect, it } from 'vitest';
import { statusChipHref } from './links';

describe('the Pods list a status chip of the Overview opens', () => {
  it('filters a phase by its field selector, and Completed as the Succeeded phase', () => {
    expect(statusChipHref('sandbox', 'eks-work', 'Running')).toBe('/c/sandbox/pods?namespace=eks-work&phase=Running');
    expect(statusChipHref('sandbox', 'eks-work', 'Pending')).toBe('/c/sandbox/pods?namespace=eks-work&phase=Pending');
    expect(statusChipHref('sandbox', 'eks-work', 'Completed')).toBe('/c/sandbox/pods?namespace=eks-work&phase=Succeeded');
  });

  it('shows only the problems for a status kubectl colours as a warning or an error', () => {
    expect(statusChipHref('sandbox', 'eks-work', 'CrashLoopBackOff')).toBe('/c/sandbox/pods?namespace=eks-work&problems=true');
    expect(statusChipHref('sandbox', 'eks-work', 'ImagePullBackOff')).toBe('/c/sandbox/pods?namespace=eks-work&problems=true');
  });

  it("opens the namespace's whole list for a status that is neither, and keeps names with odd characters intact", () => {
    expect(statusChipHref('sandbox', 'eks-work', 'ContainerCreating')).toBe('/c/sandbox/pods?namespace=eks-work');
    expect(statusChipHref('a b', 'eks-work', 'Terminating')).toBe('/c/a%20b/pods?namespace=eks-work');
  });
});
