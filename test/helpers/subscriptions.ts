import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

/** One server-sent event as a client reads it. */
export interface SseEvent {
  id: string | null;
  event: string;
  data: any;
}

/** An open SSE subscription: what arrived so far, and a way to wait for more. */
export interface SseSubscription {
  status: number;
  headers: Headers;
  /** Every event received, in order (comments excluded). */
  events: SseEvent[];
  /** The stream ended (the server completed it or closed the connection). */
  readonly ended: boolean;
  /** The first `next` payload (from `from` on) that `match` accepts; fails after `timeoutMs`. */
  next(match?: (data: any) => boolean, timeoutMs?: number, from?: number): Promise<any>;
  /** Resolves when the stream has ended; fails after `timeoutMs`. */
  done(timeoutMs?: number): Promise<void>;
  close(): void;
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Subscribes over GraphQL over SSE (distinct connections) as a client would: POST with Accept: text/event-stream, the
 * stream read as it arrives and parsed into events by the SSE rules (id, event, data lines; comments ignored).
 */
export async function sseSubscribe(
  url: string,
  body: { query: string; variables?: Record<string, unknown>; operationName?: string },
  headers: Record<string, string> = {},
): Promise<SseSubscription> {
  const abort = new AbortController();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", ...headers },
    body: JSON.stringify(body),
    signal: abort.signal,
  });
  const events: SseEvent[] = [];
  let ended = false;
  let text = "";
  if (!response.body || !(response.headers.get("content-type") ?? "").startsWith("text/event-stream")) {
    text = await response.text();
    ended = true;
  } else {
    void (async () => {
      const decoder = new TextDecoder();
      let buffer = "";
      try {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let at: number;
          while ((at = buffer.indexOf("\n\n")) !== -1) {
            const block = buffer.slice(0, at);
            buffer = buffer.slice(at + 2);
            let id: string | null = null;
            let event = "message";
            const data: string[] = [];
            for (const line of block.split("\n")) {
              if (line.startsWith(":") || line === "") continue;
              const colon = line.indexOf(":");
              const field = colon === -1 ? line : line.slice(0, colon);
              const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
              if (field === "id") id = value;
              else if (field === "event") event = value;
              else if (field === "data") data.push(value);
            }
            if (data.length === 0 && event === "message") continue;
            const joined = data.join("\n");
            events.push({ id, event, data: joined ? JSON.parse(joined) : null });
          }
        }
      } catch {
        // aborted by close()
      } finally {
        ended = true;
      }
    })();
  }
  return {
    status: response.status,
    headers: response.headers,
    events,
    get ended() {
      return ended;
    },
    async next(match = () => true, timeoutMs = 5_000, from = 0) {
      let found: SseEvent | undefined;
      await waitFor(
        () => (found = events.slice(from).find((e) => e.event === "next" && match(e.data))) !== undefined || (ended && !found),
        timeoutMs,
        "an SSE payload",
      );
      if (!found) throw new Error(`the stream ended without the payload: ${text || JSON.stringify(events)}`);
      return found.data;
    },
    done: (timeoutMs = 5_000) => waitFor(() => ended, timeoutMs, "the stream to end"),
    close: () => abort.abort(),
  };
}

/** A graphql-ws client on the gateway's /graphql, credentials in connectionParams as the protocol carries them. */
export function wsClient(httpUrl: string, connectionParams: Record<string, string> = {}): Client {
  return createClient({
    url: httpUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: false,
  });
}

/** A subscription through a graphql-ws client, its payloads collected. */
export function wsSubscribe(client: Client, body: { query: string; variables?: Record<string, unknown> }) {
  const payloads: any[] = [];
  let error: unknown = null;
  let completed = false;
  const stop = client.subscribe(body, {
    next: (value) => void payloads.push(value),
    error: (e) => {
      error = e;
      completed = true;
    },
    complete: () => void (completed = true),
  });
  return {
    payloads,
    get error() {
      return error;
    },
    get completed() {
      return completed;
    },
    async next(match: (data: any) => boolean = () => true, timeoutMs = 5_000) {
      let found: any;
      await waitFor(() => (found = payloads.find(match)) !== undefined || completed, timeoutMs, "a WebSocket payload");
      if (found === undefined) throw new Error(`the subscription ended without the payload: ${JSON.stringify(error)}`);
      return found;
    },
    async ended(timeoutMs = 5_000) {
      await waitFor(() => completed, timeoutMs, "the subscription to end");
    },
    stop,
  };
}
