import { describe, expect, it } from 'vitest';
import { logsAroundTransition, logsPath, podLogsQuery } from './links';

describe("an alarm's log link", () => {
  const href = logsPath('eks-work-cluster', podLogsQuery('eks-work', 'backend-app-1'), ['/aws/containerinsights/eks-work-cluster/application'], '1h', 'eks-work');
  const params = (link: string) => new URL(link, 'http://x').searchParams;

  it('reads from 15 minutes before the state change to now, and runs on arrival', () => {
    // In ALARM since 04:00:00; now 04:23:10 is 23.2 min later, read as 24 min, plus 15 before it.
    const link = logsAroundTransition(href, '2026-12-07T04:00:00Z', Date.parse('2026-12-07T04:23:10Z'));
    expect(params(link).get('range')).toBe('39m');
    expect(params(link).get('run')).toBe('1');
    expect(params(link).get('query')).toBe(podLogsQuery('eks-work', 'backend-app-1'));
    expect(params(link).get('groups')).toBe('/aws/containerinsights/eks-work-cluster/application');
    expect(params(link).get('namespace')).toBe('eks-work');
    expect(link.startsWith('/c/eks-work-cluster/logs?')).toBe(true);
  });

  it('reads at least the 16 minutes of a state change that happened this minute', () => {
    expect(params(logsAroundTransition(href, '2026-12-07T04:00:00Z', Date.parse('2026-12-07T04:00:00Z'))).get('range')).toBe('16m');
  });

  it('leaves links to other pages, and a transition time it cannot read, as they are', () => {
    expect(logsAroundTransition('/c/x/pods/eks-work/p?namespace=eks-work', '2026-12-07T04:00:00Z', 0)).toBe('/c/x/pods/eks-work/p?namespace=eks-work');
    expect(logsAroundTransition(href, '', 0)).toBe(href);
  });
});
