import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { ErrorCode } from "../errors.js";
import { SECURITY_HEADERS } from "./answers.js";

export interface RunningServer {
  server: Server;
  port: number;
  /** http://host:port */
  origin: string;
  /**
   * Stops listening. Connections are closed at once, unless `graceMs` is given: then requests in flight get that long
   * to finish (their answers say `connection: close`), idle connections are closed as soon as they are idle, and
   * whatever is left at the end is cut.
   */
  close(options?: { graceMs?: number }): Promise<void>;
}

/** How much a client may send and how slowly (Config has these fields: MAX_HEADER_BYTES and the two timeouts). */
export interface HttpLimits {
  /** Largest request line plus headers; larger gets 431. */
  maxHeaderBytes: number;
  /** Longest wait for a request's headers, counted from its first byte (or the connection); slower gets 408. */
  headersTimeoutMs: number;
  /** Longest wait for a whole request, headers and body; slower gets 408. Working out the answer is not counted. */
  requestTimeoutMs: number;
}

/** A whole HTTP/1.1 answer written straight to a socket that node refused before any handler ran. */
function rawError(status: number, reason: string, code: ErrorCode, message: string): string {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  const headers = [
    `HTTP/1.1 ${status} ${reason}`,
    "content-type: application/json; charset=utf-8",
    `content-length: ${Buffer.byteLength(body)}`,
    "cache-control: no-store",
    "connection: close",
    ...SECURITY_HEADERS.map(([name, value]) => `${name}: ${value}`),
  ];
  return `${headers.join("\r\n")}\r\n\r\n${body}`;
}

/** Node's own refusals (the parser's, the timeouts'), answered with a code like every other error. */
function clientErrorAnswer(code: string | undefined, limits: HttpLimits): string {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return rawError(
        431,
        "Request Header Fields Too Large",
        ErrorCode.HEADERS_TOO_LARGE,
        `Request headers are larger than ${limits.maxHeaderBytes} bytes.`,
      );
    case "HPE_CHUNK_EXTENSIONS_OVERFLOW":
      return rawError(413, "Payload Too Large", ErrorCode.BODY_TOO_LARGE, "Request body chunk extensions are too large.");
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return rawError(
        408,
        "Request Timeout",
        ErrorCode.REQUEST_TIMEOUT,
        `The request did not arrive within ${limits.requestTimeoutMs} ms (headers within ${limits.headersTimeoutMs} ms).`,
      );
    default:
      return rawError(400, "Bad Request", ErrorCode.BAD_REQUEST, "The request is not valid HTTP.");
  }
}

/**
 * Listens (port 0 picks a free one) with keep-alive tuned for a gateway in front and limits on what a client may
 * send: headers over `maxHeaderBytes` get 431, headers or a body that do not arrive in time get 408 and the
 * connection is closed. Never called on import.
 */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  port: number,
  host: string,
  limits: HttpLimits,
): Promise<RunningServer> {
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      // Node 20 counts this from a request's first byte to its last (the body included), not while it is answered,
      // so a trickling body is cut off and a long-running operation is not.
      requestTimeout: limits.requestTimeoutMs,
      // Node looks for late requests on this beat, 30 s by default: often enough to cut a slow client close to its timeout.
      connectionsCheckingInterval: Math.max(25, Math.min(1_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    handler,
  );
  // Longer than the gateway's pool keeps sockets idle, so the client closes first and never reuses a dead socket.
  // (Node 20 applies headersTimeout only while a request is arriving, never to an idle keep-alive connection.)
  server.keepAliveTimeout = 65_000;
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    // As node's own handler does: answer only if the client is still there and no answer has begun on this socket.
    const pending = (socket as { _httpMessage?: ServerResponse | null })._httpMessage;
    if (error.code !== "ECONNRESET" && socket.writable && !pending?.headersSent) socket.write(clientErrorAnswer(error.code, limits));
    socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host.includes(":") ? `[${host}]` : host;
  return {
    server,
    port: address.port,
    origin: `http://${shownHost}:${address.port}`,
    close: ({ graceMs = 0 } = {}) =>
      new Promise<void>((resolve) => {
        let sweep: NodeJS.Timeout | undefined = undefined;
        let deadline: NodeJS.Timeout | undefined = undefined;
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve();
        });
        if (graceMs <= 0) return server.closeAllConnections();
        // Keep-alive clients are told to go elsewhere; connections are closed as their requests finish.
        server.prependListener("request", (_req: IncomingMessage, res: ServerResponse) => res.setHeader("connection", "close"));
        sweep = setInterval(() => server.closeIdleConnections(), 25);
        deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      }),
  };
}
