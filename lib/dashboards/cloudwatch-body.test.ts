import { describe, expect, it } from 'vitest';
import { ACCESS_COUNT_QUERY, ERROR_COUNT_QUERY } from '../logs-insights/seed-queries';
import { fromCloudWatchBody, parseRelativeStart, relativeStart, splitSource, toCloudWatchBody } from './cloudwatch-body';
import type { DashboardBody } from './model';

const GROUP = '/aws/containerinsights/eks-work-cluster/application';
const options = { consoleUrl: 'https://watchdeck.example.com/', cluster: 'eks-work-cluster' };

const dashboard: DashboardBody = {
  timeRange: { kind: 'relative', seconds: 6 * 3600 },
  variables: [
    { name: 'namespace', default: 'eks-work' },
    { name: 'app', default: 'backend-app' },
  ],
  widgets: [
    { id: 'w1', type: 'log', x: 0, y: 0, width: 12, height: 6, title: 'ACCESS_COUNT', logGroups: [GROUP], query: ACCESS_COUNT_QUERY, region: 'ap-northeast-2', view: 'table', stacked: false },
    { id: 'w2', type: 'log', x: 12, y: 0, width: 12, height: 6, title: 'ERROR_COUNT', logGroups: [GROUP, "/o'brien"], query: ERROR_COUNT_QUERY, region: 'us-east-1', view: 'bar', stacked: true },
    {
      id: 'w3',
      type: 'metric',
      x: 0,
      y: 6,
      width: 8,
      height: 6,
      properties: {
        metrics: [['ContainerInsights', 'pod_cpu_utilization', 'ClusterName', 'eks-work-cluster']],
        region: 'ap-northeast-2',
        stat: 'Average',
        period: 300,
        view: 'timeSeries',
        stacked: false,
      },
    },
    { id: 'w4', type: 'alarm', x: 8, y: 6, width: 8, height: 3, title: 'Alarms', alarms: ['arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:backend-5xx'] },
    { id: 'w5', type: 'text', x: 16, y: 6, width: 8, height: 3, markdown: '# Runbook\n<b>not html</b>', background: 'transparent' },
    { id: 'w6', type: 'pod-states', x: 0, y: 12, width: 12, height: 6, title: 'backend pods', namespace: '{{namespace}}', labelSelector: 'app={{app}},tier in (web, api)' },
    { id: 'w7', type: 'hpa', x: 12, y: 12, width: 12, height: 6, title: '', namespace: 'eks-work', name: 'backend-app' },
  ],
};

describe('CloudWatch dashboard body', () => {
  it('exports log widgets with SOURCE clauses, region, view, stacked and title as PutDashboard takes them', () => {
    const { body, omitted } = toCloudWatchBody(dashboard, options);
    expect(omitted).toEqual([]);
    expect(body.start).toBe('-PT6H');
    expect(body.widgets[0]).toEqual({
      type: 'log',
      x: 0,
      y: 0,
      width: 12,
      height: 6,
      properties: { query: `SOURCE '${GROUP}' | ${ACCESS_COUNT_QUERY}`, region: 'ap-northeast-2', title: 'ACCESS_COUNT', view: 'table', stacked: false },
    });
    expect(body.widgets[1].properties!.query).toBe(`SOURCE '${GROUP}' | SOURCE '/o\\'brien' | ${ERROR_COUNT_QUERY}`);
    expect(body.variables).toEqual([
      { type: 'pattern', pattern: '{{namespace}}', inputType: 'input', id: 'namespace', label: 'namespace', defaultValue: 'eks-work', visible: true },
      { type: 'pattern', pattern: '{{app}}', inputType: 'input', id: 'app', label: 'app', defaultValue: 'backend-app', visible: true },
    ]);
  });

  it('exports Kubernetes widgets as text widgets linking back to the console', () => {
    const { body } = toCloudWatchBody(dashboard, options);
    expect(body.widgets[5]).toEqual({
      type: 'text',
      x: 0,
      y: 12,
      width: 12,
      height: 6,
      properties: {
        markdown:
          '### backend pods\n\n[Pod states in Watchdeck](https://watchdeck.example.com/c/eks-work-cluster/pods?namespace=%7B%7Bnamespace%7D%7D&labelSelector=app%3D%7B%7Bapp%7D%7D%2Ctier+in+%28web%2C+api%29)',
      },
    });
    expect(body.widgets[6].properties).toEqual({ markdown: '[HorizontalPodAutoscaler in Watchdeck](https://watchdeck.example.com/c/eks-work-cluster/autoscaling/eks-work/backend-app)' });
  });

  it('round-trips: export then import gives the same dashboard', () => {
    const text = JSON.stringify(toCloudWatchBody(dashboard, options).body);
    expect(fromCloudWatchBody(text)).toEqual({ body: dashboard, skipped: [], skippedSays: [] });
  });

  it('round-trips an absolute time range', () => {
    const absolute: DashboardBody = { ...dashboard, timeRange: { kind: 'absolute', start: '2026-01-01T00:00:00.000Z', end: '2026-01-01T06:30:00.000Z' } };
    const { body } = toCloudWatchBody(absolute, options);
    expect([body.start, body.end]).toEqual(['2026-01-01T00:00:00.000Z', '2026-01-01T06:30:00.000Z']);
    expect(fromCloudWatchBody(body).body).toEqual(absolute);
  });

  it('names a widget time range it cannot carry', () => {
    const withOverride: DashboardBody = { ...dashboard, widgets: [{ ...dashboard.widgets[4], timeRange: { kind: 'relative', seconds: 900 } }] };
    expect(toCloudWatchBody(withOverride, options).omitted).toEqual(["widget w5: its own time range (CloudWatch widgets use the dashboard's)"]);
  });

  it('imports what it can from a body CloudWatch wrote and lists what it could not', () => {
    const imported = fromCloudWatchBody({
      start: '-P7D',
      periodOverride: 'inherit',
      variables: [{ type: 'property', property: 'InstanceId', inputType: 'select', id: 'instance', label: 'Instance' }],
      widgets: [
        { type: 'explorer', x: 0, y: 0, width: 24, height: 15, properties: {} },
        { type: 'log', width: 24, height: 6, properties: { query: "SOURCE logGroups(namePrefix: ['/aws']) | fields @message" } },
        { type: 'log', x: 0, y: 3, properties: { query: "SOURCE '/aws/lambda/a' | fields @timestamp, @message | sort @timestamp desc", view: 'singleValue' } },
        { type: 'text', properties: { markdown: 'hello' } },
        { type: 'log', x: 6, y: 0, width: 18, height: 3, properties: { query: "SOURCE '/aws/lambda/a' | fields @message" } },
      ],
    });
    expect(imported.skipped).toEqual([
      'periodOverride: not kept by Watchdeck',
      'variable 1 (instance): only {{name}} pattern variables are kept',
      'widget 1 (explorer): Watchdeck has no explorer widget',
      "widget 2 (log): its query names no log group with SOURCE '…'",
      'widget 3 (log): view singleValue is not one of table, timeSeries, bar, pie',
    ]);
    // The same lines as values, for the page to say in its language.
    expect(imported.skippedSays).toEqual([
      { key: 'notKept', name: 'periodOverride' },
      { key: 'variableNotPattern', index: 1, id: 'instance' },
      { key: 'widgetSkipped', index: 1, type: 'explorer', reason: { key: 'noSuchWidget', type: 'explorer' } },
      { key: 'widgetSkipped', index: 2, type: 'log', reason: { key: 'logWithoutSource' } },
      { key: 'widgetSkipped', index: 3, type: 'log', reason: { key: 'logView', view: 'singleValue', views: 'table, timeSeries, bar, pie' } },
    ]);
    expect(imported.body).toEqual({
      timeRange: { kind: 'relative', seconds: 7 * 86400 },
      variables: [],
      widgets: [
        { id: 'w4', type: 'text', x: 0, y: 0, width: 6, height: 6, markdown: 'hello' },
        { id: 'w5', type: 'log', x: 6, y: 0, width: 18, height: 3, title: '', logGroups: ['/aws/lambda/a'], query: 'fields @message', view: 'table', stacked: false },
      ],
    });
  });

  it("gives a log widget without a region the console's, and says so when there is none", () => {
    const noRegion: DashboardBody = { ...dashboard, widgets: [{ ...(dashboard.widgets[0] as Extract<DashboardBody['widgets'][number], { type: 'log' }>), region: undefined }] };
    delete (noRegion.widgets[0] as { region?: string }).region;
    expect(toCloudWatchBody(noRegion, { ...options, region: 'ap-northeast-2' }).body.widgets[0].properties!.region).toBe('ap-northeast-2');
    const without = toCloudWatchBody(noRegion, options);
    expect([without.body.widgets[0].properties!.region, without.omitted]).toEqual([undefined, ['widget w1: a region (CloudWatch requires one; give the widget one or configure AWS_REGION)']]);
    expect(without.omittedSays).toEqual([{ key: 'noRegion', widget: 'w1' }]);
  });

  it('refuses what is not a dashboard body, saying why', () => {
    expect(() => fromCloudWatchBody('{"widgets": [')).toThrow(/^the dashboard body is not JSON: /);
    expect(() => fromCloudWatchBody({ widgets: 'none' })).toThrow('a CloudWatch dashboard body is a JSON object with a "widgets" array');
  });

  it('reads and writes relative starts as ISO 8601 durations', () => {
    expect([relativeStart(900), relativeStart(3 * 3600), relativeStart(7 * 86400), relativeStart(90)]).toEqual(['-PT15M', '-PT3H', '-P7D', '-PT90S']);
    expect([parseRelativeStart('-PT15M'), parseRelativeStart('-P1W'), parseRelativeStart('-P1DT1H'), parseRelativeStart('PT3H'), parseRelativeStart('-P')]).toEqual([
      900,
      604800,
      90000,
      undefined,
      undefined,
    ]);
  });

  it('splits SOURCE clauses from the query', () => {
    expect(splitSource("SOURCE 'a' | SOURCE 'b\\'c' | stats count(*)")).toEqual({ logGroups: ['a', "b'c"], query: 'stats count(*)' });
  });
});
