/** One part of a multipart answer, as a client reads it, and when it arrived. */
export interface ReceivedPart {
  body: any;
  /** performance.now() when the part was complete. */
  at: number;
}

/** A multipart/mixed GraphQL answer read as the bytes arrive: `parts` fills while the body streams. */
export interface MultipartAnswer {
  status: number;
  headers: Headers;
  parts: ReceivedPart[];
  /** Resolves when the body ended; `closed` tells whether it ended with the closing boundary. */
  done: Promise<{ closed: boolean; raw: string }>;
}

/**
 * Reads a `multipart/mixed; boundary="-"` answer as Apollo Client and urql do: parts are separated by `\r\n---`, each
 * with its own headers, a blank line and a JSON body; `\r\n-----` closes the body.
 */
export async function postMultipart(
  url: string,
  query: string | { query?: string; variables?: Record<string, unknown>; extensions?: Record<string, unknown> },
  variables: Record<string, unknown> | undefined,
  headers: Record<string, string>,
  signal?: AbortSignal,
): Promise<MultipartAnswer> {
  const response = await fetch(url, {
    method: "POST",
    // What Apollo Client sends.
    headers: { "content-type": "application/json", accept: "multipart/mixed;deferSpec=20220824,application/json", ...headers },
    body: JSON.stringify(typeof query === "string" ? { query, variables } : query),
    signal,
  });
  const parts: ReceivedPart[] = [];
  const done = (async () => {
    const decoder = new TextDecoder();
    let raw = "";
    let consumed = 0;
    let closed = false;
    const take = () => {
      // A part is complete once the boundary after it has arrived.
      for (;;) {
        const start = raw.indexOf("\r\n---", consumed);
        if (start === -1) return;
        const next = raw.indexOf("\r\n---", start + 5);
        if (next === -1) {
          if (raw.startsWith("\r\n-----", start)) closed = true;
          return;
        }
        const segment = raw.slice(start + 5, next);
        const blank = segment.indexOf("\r\n\r\n");
        if (blank !== -1) parts.push({ body: JSON.parse(segment.slice(blank + 4)), at: performance.now() });
        consumed = next;
        if (raw.startsWith("\r\n-----", next)) {
          closed = true;
          return;
        }
      }
    };
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        raw += decoder.decode(chunk, { stream: true });
        take();
      }
    } catch (error) {
      if (!signal?.aborted) throw error;
    }
    take();
    return { closed, raw };
  })();
  return { status: response.status, headers: response.headers, parts, done };
}

/** The answer a client builds from the parts: each incremental piece merged into the data at its path. */
export function mergeParts(parts: ReceivedPart[]): { data: any; errors: any[] } {
  const [first, ...rest] = parts.map((p) => p.body);
  const data = structuredClone(first.data);
  const errors: any[] = [...(first.errors ?? [])];
  for (const payload of rest) {
    for (const piece of payload.incremental ?? []) {
      if (piece.errors) errors.push(...piece.errors);
      if (!piece.data) continue;
      let target = data;
      for (const step of piece.path) target = target[step];
      deepAssign(target, piece.data);
    }
  }
  return { data, errors };
}

function deepAssign(target: any, source: any): void {
  for (const [key, value] of Object.entries(source)) {
    if (value && typeof value === "object" && target[key] && typeof target[key] === "object") deepAssign(target[key], value);
    else target[key] = value;
  }
}
