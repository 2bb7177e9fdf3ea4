/**
 * A small Prometheus registry: counters and one latency histogram, rendered in the text exposition format at
 * GET /metrics. Labels are few and bounded (no operation names from clients), so memory stays flat.
 */
const BUCKETS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];
/** Characters that would break a label value in the exposition format. */
const UNSAFE_LABEL_CHARS = /["\\\n]/;
const UNSAFE_LABEL_CHARS_ALL = /["\\\n]/g;

export class Metrics {
  private readonly counters = new Map<string, Map<string, number>>();
  private readonly help = new Map<string, string>();
  /** Observations per bucket, each counted once in the first bucket it fits; render() adds them up as Prometheus wants. */
  private readonly histogram = { buckets: BUCKETS_MS.map(() => 0), count: 0, sum: 0 };

  constructor() {
    this.describe("omnigraph_requests_total", "GraphQL requests answered, by HTTP status class and whether errors were returned.");
    this.describe("omnigraph_subgraph_failures_total", "Subgraph requests that failed (unreachable or timed out), by subgraph.");
  }

  private describe(name: string, help: string): void {
    this.help.set(name, help);
    this.counters.set(name, new Map());
  }

  inc(name: string, labels: Record<string, string>): void {
    const series = this.counters.get(name);
    if (!series) throw new Error(`unknown metric ${name}`);
    let key = "";
    for (const label in labels) {
      const value = labels[label];
      key += `${key ? "," : ""}${label}="${UNSAFE_LABEL_CHARS.test(value) ? value.replace(UNSAFE_LABEL_CHARS_ALL, "_") : value}"`;
    }
    series.set(key, (series.get(key) ?? 0) + 1);
  }

  observeRequestMs(ms: number): void {
    this.histogram.count++;
    this.histogram.sum += ms;
    // Called on every request: one increment, no closure; slower than the last bound counts only in +Inf.
    for (let i = 0; i < BUCKETS_MS.length; i++) {
      if (ms <= BUCKETS_MS[i]) {
        this.histogram.buckets[i]++;
        return;
      }
    }
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, series] of this.counters) {
      lines.push(`# HELP ${name} ${this.help.get(name)}`, `# TYPE ${name} counter`);
      for (const [labels, value] of series) lines.push(`${name}{${labels}} ${value}`);
    }
    const h = "omnigraph_request_duration_ms";
    lines.push(`# HELP ${h} Time to answer a GraphQL request, in milliseconds.`, `# TYPE ${h} histogram`);
    let cumulative = 0;
    BUCKETS_MS.forEach((bound, i) => {
      cumulative += this.histogram.buckets[i];
      lines.push(`${h}_bucket{le="${bound}"} ${cumulative}`);
    });
    lines.push(`${h}_bucket{le="+Inf"} ${this.histogram.count}`, `${h}_sum ${this.histogram.sum}`, `${h}_count ${this.histogram.count}`);
    return lines.join("\n") + "\n";
  }
}
