/** What the sandbox's services publish into CloudWatch metrics (metric filters, Container Insights). */
export interface MetricDatum {
  namespace: string;
  metricName: string;
  /** Dimension name → value; order does not matter, as in CloudWatch. */
  dimensions: Record<string, string>;
  timestamp: Date;
  value: number;
  unit?: string;
}

export interface MetricSink {
  put(datum: MetricDatum): void;
}
