import type { ServerResponse } from "node:http";

/** Parts still to send after the first, and how to stop producing them. */
export interface IncrementalParts {
  payloads(): AsyncIterable<{ hasNext: boolean }>;
  cancel(): void;
}

const PART_HEADER = "content-type: application/json; charset=utf-8\r\n\r\n";

/**
 * Writes an incremental answer as `multipart/mixed` with boundary "-" (the format of the incremental-delivery
 * proposal that Apollo Client, urql and GraphiQL read): the first part is `first` with hasNext true, each later part
 * is sent as it comes, and the last closes the body with `-----`. A client that leaves stops the parts still to come.
 */
export async function writeMultipart(
  res: ServerResponse,
  contentType: string,
  first: Record<string, unknown>,
  parts: IncrementalParts,
): Promise<void> {
  const gone = () => {
    if (!res.writableFinished) parts.cancel();
  };
  res.once("close", gone);
  if (res.destroyed) gone();
  res.statusCode = 200;
  res.removeHeader("content-length");
  res.setHeader("content-type", contentType);
  res.write(`\r\n---\r\n${PART_HEADER}${JSON.stringify({ ...first, hasNext: true })}\r\n---\r\n`);
  let closed = false;
  try {
    for await (const payload of parts.payloads()) {
      if (res.destroyed) break;
      closed = !payload.hasNext;
      res.write(`${PART_HEADER}${JSON.stringify(payload)}\r\n---${closed ? "--" : ""}\r\n`);
      if (closed) break;
    }
  } finally {
    res.off("close", gone);
    if (!closed) parts.cancel();
  }
  // A stream cut short (the client left) ends without the closing boundary, as a client expects of a broken one.
  res.end();
}
