import type { Registry } from "prom-client";

/**
 * A counter and a histogram for the request path, read by a prom-client Registry like its own metrics (an object with
 * a name and get(), summed across cluster workers like a prom-client counter). prom-client hashes and validates the
 * labels on every call (about 1.5 µs each, several times a request); here the caller keeps the series it got once and
 * an increment is an addition.
 */

type Labels = Record<string, string>;
interface Value {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

export interface CounterSeries {
  value: number;
}

export class FastCounter {
  readonly type = "counter";
  readonly aggregator = "sum";
  private readonly all = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** The series of these labels (`key` names them uniquely), made on first use; add to its `value`. */
  series(key: string, labels: Labels): CounterSeries {
    let series = this.all.get(key);
    if (!series) this.all.set(key, (series = { labels, value: 0 }));
    return series;
  }

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Value[] }> {
    const values = [...this.all.values()].map(({ labels, value }) => ({ labels, value }));
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.all.clear();
  }
}

export interface HistogramSeries {
  /** Observations per bucket, each counted once, in the first bucket it fits; get() adds them up as Prometheus wants. */
  readonly counts: number[];
  sum: number;
  count: number;
}

export class FastHistogram {
  readonly type = "histogram";
  readonly aggregator = "sum";
  private readonly all = new Map<string, { labels: Labels; series: HistogramSeries }>();

  constructor(
    readonly name: string,
    readonly help: string,
    /** Upper bounds, ascending. */
    private readonly bounds: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  series(key: string, labels: Labels): HistogramSeries {
    let entry = this.all.get(key);
    if (!entry) this.all.set(key, (entry = { labels, series: { counts: this.bounds.map(() => 0), sum: 0, count: 0 } }));
    return entry.series;
  }

  /** One observation: a sum, a count and one bucket; slower than the last bound counts only in +Inf. */
  observe(series: HistogramSeries, value: number): void {
    series.sum += value;
    series.count++;
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        series.counts[i]++;
        return;
      }
    }
  }

  async get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Value[] }> {
    const values: Value[] = [];
    for (const { labels, series } of this.all.values()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.counts[i];
        values.push({ labels: { ...labels, le: bound }, value: cumulative, metricName: `${this.name}_bucket` });
      });
      values.push(
        { labels: { ...labels, le: "+Inf" }, value: series.count, metricName: `${this.name}_bucket` },
        { labels, value: series.sum, metricName: `${this.name}_sum` },
        { labels, value: series.count, metricName: `${this.name}_count` },
      );
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.all.clear();
  }
}
