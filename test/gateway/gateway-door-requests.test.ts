import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { catalogSeed } from "../../subgraphs/catalog/seed.js";
import { MemoryCatalogStore } from "../../subgraphs/catalog/store/memory.js";
import { door, useDoor } from "../helpers/gateway-door.js";
import { postGraphQL } from "../helpers/graph.js";

// The gateway's door against requests written by hand: bodies over the limit, clients that send slowly or too much.

/** The catalog answers `categories` only after this many milliseconds: an operation that takes a while to run. */
let categoriesDelayMs = 0;
const catalogStore = new Proxy(new MemoryCatalogStore(catalogSeed()), {
  get(target, property, receiver) {
    const value = Reflect.get(target, property, receiver);
    if (property !== "allCategories" || typeof value !== "function") return value;
    return async (...args: unknown[]) => {
      if (categoriesDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, categoriesDelayMs));
      return value.apply(target, args);
    };
  },
});

useDoor({ catalog: { store: catalogStore } });

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Bytes of the request written to the socket before the answer came or the server closed it. */
  sent: number;
}

/**
 * A request written by hand on a socket: `head` (request line and headers), then `body` parts one by one, each after
 * `pauseMs`, stopping as soon as the server answers or closes. Resolves with the answer read until the server closes.
 */
function rawRequest(port: number, head: string, body: Iterable<Buffer | string> = [], pauseMs = 0): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    let sent = 0;
    let over = false;
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    // The server may close while parts are still on their way (EPIPE, ECONNRESET): the answer is what counts.
    socket.on("error", () => {});
    socket.on("close", () => {
      over = true;
      const text = Buffer.concat(received).toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return reject(new Error(`no HTTP answer (got ${JSON.stringify(text.slice(0, 80))})`));
      const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: text.slice(end + 4), sent });
    });
    socket.on("connect", async () => {
      socket.write(head);
      for (const part of body) {
        if (over || received.length > 0) break;
        if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
        if (over || received.length > 0) break;
        const length = typeof part === "string" ? Buffer.byteLength(part) : part.length;
        const flushed = socket.write(part);
        sent += length;
        if (!flushed) await new Promise((r) => (socket.once("drain", r), socket.once("close", r), socket.once("data", r)));
      }
    });
    // Keep-alive would leave the socket open after an answer the server does not close on; these all should close.
    socket.setTimeout(15_000, () => socket.destroy(new Error("the server neither answered nor closed")));
  });
}

const codeOf = (answer: RawAnswer) => (JSON.parse(answer.body) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code;

function* repeat<T>(part: T, times: number): Generator<T> {
  for (let i = 0; i < times; i++) yield part;
}

describe("a request body over the limit", () => {
  it("is refused with 413 at once when Content-Length says so: the 100 MB are never sent", async () => {
    const answer = await rawRequest(
      door.port,
      `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${100 * 1024 * 1024}\r\n\r\n{"query":`,
    );
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe("BODY_TOO_LARGE");
    expect(answer.headers.connection).toBe("close");
  });

  it("is cut off with 413 while a chunked body is still arriving, and the connection is closed", async () => {
    const part = Buffer.alloc(16 * 1024, "a");
    const chunk = Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from("\r\n")]);
    const total = 4_000 * chunk.length; // about 64 MB, a thousand times the door's 64 KiB
    const answer = await rawRequest(
      door.port,
      "POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
      repeat(chunk, 4_000),
    );
    expect(answer.status).toBe(413);
    expect(codeOf(answer)).toBe("BODY_TOO_LARGE");
    expect(answer.sent).toBeLessThan(total / 4);
  });

  it("still leaves the door open to a body under the limit on the same gateway", async () => {
    const answer = await postGraphQL(door.url, `{ categories { id } }`);
    expect(answer.status).toBe(200);
    expect(answer.body.data.categories.length).toBeGreaterThan(0);
  });
});

describe("a client that sends slowly or too much", () => {
  it("is cut off with 408 when its body trickles in past REQUEST_TIMEOUT_MS", async () => {
    const body = JSON.stringify({ query: "{ categories { id } }" });
    const answer = await rawRequest(
      door.port,
      `POST /graphql HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`,
      body,
      250,
    );
    expect(answer.status).toBe(408);
    expect(codeOf(answer)).toBe("REQUEST_TIMEOUT");
    expect(answer.sent).toBeLessThan(body.length);
  });

  it("is cut off with 408 when its headers trickle in", async () => {
    const answer = await rawRequest(door.port, "POST /graphql HTTP/1.1\r\n", repeat("x-slow: yes\r\n", 100), 100);
    expect(answer.status).toBe(408);
    expect(codeOf(answer)).toBe("REQUEST_TIMEOUT");
  });

  it("does not cut off an operation that takes longer than REQUEST_TIMEOUT_MS to run", async () => {
    categoriesDelayMs = 1_500;
    try {
      const answer = await postGraphQL(door.url, `{ categories { id } }`);
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data.categories.length).toBeGreaterThan(0);
    } finally {
      categoriesDelayMs = 0;
    }
  });

  it("gets 431 for headers over MAX_HEADER_BYTES, while a token-sized header passes", async () => {
    const huge = await rawRequest(door.port, `GET /health HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${"a".repeat(8_000)}\r\n\r\n`);
    expect(huge.status).toBe(431);
    expect(codeOf(huge)).toBe("HEADERS_TOO_LARGE");
    expect(huge.headers["x-content-type-options"]).toBe("nosniff");
    const token = await fetch(`${door.origin}/health`, { headers: { "x-api-key": "k".repeat(1_500) } });
    expect(token.status).toBe(200);
  });
});
