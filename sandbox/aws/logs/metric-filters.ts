/**
 * Metric filters: each event ingested into a group that matches a filter's
 * pattern publishes a datapoint through the MetricSink (the sandbox's CloudWatch).
 */
import { bindingText, metricValue, type FilterPattern } from '@/lib/logs-insights/filter-pattern';
import type { MetricSink } from '../metrics';
import { AwsError } from '../server';
import { compileFilterPattern } from './events';
import { invalid, optionalInt, optionalString, page, requiredString, type Input } from './params';
import type { LogGroup, LogStore, MetricFilter, MetricTransformation } from './store';

/** Metric filters a log group may have. */
const MAX_FILTERS_PER_GROUP = 100;

function transformation(raw: unknown): MetricTransformation {
  if (!raw || typeof raw !== 'object') throw invalid('metricTransformations must hold one metric transformation.');
  const t = raw as Input;
  const metricName = requiredString(t, 'metricName', { min: 0, max: 255, pattern: /^[^:*$]*$/ });
  const metricNamespace = requiredString(t, 'metricNamespace', { min: 0, max: 255, pattern: /^[^:*$]*$/ });
  const metricValue = requiredString(t, 'metricValue', { min: 0, max: 100 });
  const defaultValue = t.defaultValue === undefined ? undefined : Number(t.defaultValue);
  if (defaultValue !== undefined && !Number.isFinite(defaultValue)) throw invalid('defaultValue must be a number.');
  const unit = optionalString(t, 'unit');
  let dimensions: Record<string, string> | undefined;
  if (t.dimensions !== undefined) {
    if (!t.dimensions || typeof t.dimensions !== 'object' || Array.isArray(t.dimensions)) throw invalid('dimensions must be a map of names to fields.');
    dimensions = t.dimensions as Record<string, string>;
    if (Object.keys(dimensions).length > 3) throw new AwsError('LimitExceededException', 'A metric transformation can have at most 3 dimensions.');
    if (defaultValue !== undefined) throw invalid('A metric transformation with dimensions cannot have a defaultValue.');
  }
  if (!metricValue.startsWith('$') && !Number.isFinite(Number(metricValue))) throw invalid(`Invalid metric value '${metricValue}': expected a number or a $ field reference.`);
  return { metricName, metricNamespace, metricValue, ...(defaultValue !== undefined ? { defaultValue } : {}), ...(dimensions ? { dimensions } : {}), ...(unit ? { unit } : {}) };
}

export class MetricFilters {
  private readonly compiled = new Map<MetricFilter, FilterPattern>();

  constructor(
    private readonly store: LogStore,
    private readonly sink?: MetricSink,
  ) {
    store.onIngest((group, _stream, events) => {
      if (group.metricFilters.size === 0 || !this.sink) return;
      for (const filter of group.metricFilters.values()) {
        const pattern = this.pattern(filter);
        let matched = 0;
        let lastTime = 0;
        for (const e of events) {
          const bindings = pattern.match(e.message);
          lastTime = e.timestamp;
          if (bindings === null) continue;
          matched++;
          for (const t of filter.metricTransformations) {
            const value = metricValue(t.metricValue, bindings);
            if (value === null) continue;
            const dimensions: Record<string, string> = {};
            let complete = true;
            for (const [name, field] of Object.entries(t.dimensions ?? {})) {
              const v = bindingText(field, bindings);
              if (v === null) complete = false;
              else dimensions[name] = v;
            }
            if (!complete) continue;
            this.sink.put({ namespace: t.metricNamespace, metricName: t.metricName, dimensions, timestamp: new Date(e.timestamp), value, ...(t.unit ? { unit: t.unit } : {}) });
          }
        }
        // A batch with no match reports the default value, so the metric has a datapoint for it.
        if (matched === 0) {
          for (const t of filter.metricTransformations) {
            if (t.defaultValue !== undefined)
              this.sink.put({ namespace: t.metricNamespace, metricName: t.metricName, dimensions: {}, timestamp: new Date(lastTime), value: t.defaultValue, ...(t.unit ? { unit: t.unit } : {}) });
          }
        }
      }
    });
  }

  private pattern(filter: MetricFilter): FilterPattern {
    let p = this.compiled.get(filter);
    if (!p) {
      p = compileFilterPattern(filter.filterPattern);
      this.compiled.set(filter, p);
    }
    return p;
  }

  put(group: LogGroup, input: Input): Record<string, never> {
    const filterName = requiredString(input, 'filterName', { min: 1, max: 512, pattern: /^[^:*]*$/ });
    const filterPattern = requiredString(input, 'filterPattern', { min: 0, max: 1024 });
    const raw = input.metricTransformations;
    if (!Array.isArray(raw) || raw.length !== 1)
      throw invalid("1 validation error detected: Value at 'metricTransformations' failed to satisfy constraint: Member must have length less than or equal to 1 and greater than or equal to 1");
    const pattern = compileFilterPattern(filterPattern);
    if (!group.metricFilters.has(filterName) && group.metricFilters.size >= MAX_FILTERS_PER_GROUP) throw new AwsError('LimitExceededException', 'Resource limit exceeded.');
    const previous = group.metricFilters.get(filterName);
    if (previous) this.compiled.delete(previous);
    const filter: MetricFilter = {
      filterName,
      filterPattern,
      metricTransformations: raw.map(transformation),
      creationTime: previous?.creationTime ?? this.store.now(),
      logGroupName: group.name,
    };
    group.metricFilters.set(filterName, filter);
    this.compiled.set(filter, pattern);
    return {};
  }

  describe(input: Input) {
    const groupName = optionalString(input, 'logGroupName', { min: 1, max: 512 });
    const prefix = optionalString(input, 'filterNamePrefix', { min: 1, max: 512 });
    const metricName = optionalString(input, 'metricName', { min: 0, max: 255 });
    const metricNamespace = optionalString(input, 'metricNamespace', { min: 0, max: 255 });
    if ((metricName === undefined) !== (metricNamespace === undefined)) throw invalid('metricName and metricNamespace must be specified together.');
    if (prefix !== undefined && groupName === undefined) throw invalid('filterNamePrefix requires logGroupName.');
    const limit = optionalInt(input, 'limit', { min: 1, max: 50 }) ?? 50;
    const nextToken = optionalString(input, 'nextToken', { min: 1 });
    let groups = [...this.store.groups.values()];
    if (groupName !== undefined) {
      const g = this.store.group(groupName);
      if (!g) throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.');
      groups = [g];
    }
    const filters = groups
      .flatMap((g) => [...g.metricFilters.values()])
      .filter(
        (f) =>
          (prefix === undefined || f.filterName.startsWith(prefix)) &&
          (metricName === undefined || f.metricTransformations.some((t) => t.metricName === metricName && t.metricNamespace === metricNamespace)),
      )
      .sort((a, b) => (a.logGroupName < b.logGroupName ? -1 : a.logGroupName > b.logGroupName ? 1 : a.filterName < b.filterName ? -1 : a.filterName > b.filterName ? 1 : 0));
    const p = page(filters, nextToken, limit);
    return {
      metricFilters: p.items.map((f) => ({ ...f, metricTransformations: f.metricTransformations.map((t) => ({ ...t })) })),
      ...(p.nextToken ? { nextToken: p.nextToken } : {}),
    };
  }

  delete(group: LogGroup, input: Input): Record<string, never> {
    const filterName = requiredString(input, 'filterName', { min: 1, max: 512 });
    const filter = group.metricFilters.get(filterName);
    if (!filter) throw new AwsError('ResourceNotFoundException', 'The specified metric filter does not exist.');
    group.metricFilters.delete(filterName);
    this.compiled.delete(filter);
    return {};
  }
}
