import { describe, expect, it } from 'vitest';
import { widget as widgetSchema } from '@/lib/dashboards/model';
import { blankWidget } from './blank-widget';

const SPOT = { x: 0, y: 6 };

describe('blankWidget', () => {
  it('builds a metric widget in us-east-1 for a console configured for us-east-1, one the dashboard schema accepts', () => {
    const metric = blankWidget('metric', 'eks-work-cluster', 'w1', SPOT, 'us-east-1');
    expect(metric).toEqual({
      id: 'w1',
      x: 0,
      y: 6,
      width: 12,
      height: 6,
      type: 'metric',
      properties: { metrics: [], view: 'timeSeries', stacked: false, region: 'us-east-1', stat: 'Average', period: 300 },
    });
    expect(widgetSchema.safeParse(metric).success).toBe(true);
  });

  it('builds a metric widget with no region for a console without AWS, so none is claimed that nothing configured', () => {
    const metric = blankWidget('metric', 'eks-work-cluster', 'w1', SPOT, null);
    expect(metric).toEqual({ id: 'w1', x: 0, y: 6, width: 12, height: 6, type: 'metric', properties: { metrics: [], view: 'timeSeries', stacked: false, stat: 'Average', period: 300 } });
  });

  it("starts a log widget on the cluster's Container Insights application log group", () => {
    const log = blankWidget('log', 'eks-work-cluster', 'w2', SPOT, 'us-east-1');
    expect(log).toMatchObject({ type: 'log', logGroups: ['/aws/containerinsights/eks-work-cluster/application'], view: 'table' });
  });
});
