/**
 * Identical fetches of queries in flight at once for the same viewer, sent once (SUBGRAPH_DEDUP). Looked up by the query
 * text, the query plan's own string, whose hash V8 computes once and keeps: a key made of the body (a new string each
 * fetch) would be hashed in full on every fetch, about as long as writing it. Bodies and viewers are compared only
 * when the same query is in flight.
 */
export class SharedFetches<T> {
  private readonly byQuery = new Map<string, InFlight<T>[]>();

  /** A fetch of the same body for the same viewer that ends no later than `endsBy`, if one is in flight. */
  find(query: string, body: string, viewerKey: string, endsBy: number): InFlight<T> | undefined {
    const inFlight = this.byQuery.get(query);
    if (inFlight === undefined) return undefined;
    // Only the same viewer's, and only if it ends in this request's time; otherwise this request sends its own.
    return inFlight.find((shared) => shared.body === body && shared.viewerKey === viewerKey && shared.endsBy <= endsBy);
  }

  add(query: string, entry: InFlight<T>): void {
    const inFlight = this.byQuery.get(query);
    if (inFlight === undefined) this.byQuery.set(query, [entry]);
    else inFlight.push(entry);
  }

  /** The fetch has its answer (or failed): later fetches send their own. */
  settled(query: string, entry: InFlight<T>): void {
    const inFlight = this.byQuery.get(query);
    if (inFlight === undefined) return;
    if (inFlight.length === 1 && inFlight[0] === entry) this.byQuery.delete(query);
    else {
      const at = inFlight.indexOf(entry);
      if (at !== -1) inFlight.splice(at, 1);
    }
  }
}

/** A fetch in flight that identical fetches for the same viewer may wait for, while it ends no later than they must. */
export interface InFlight<T> {
  reply: Promise<T>;
  endsBy: number;
  /** What was sent: query, variables and operation name. */
  body: string;
  /** GatewayContext.viewerKey of the request that sent it. */
  viewerKey: string;
}
