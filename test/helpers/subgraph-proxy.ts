import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createGateway, type RunningGateway } from "../../gateway/server.js";
import { loadConfig, SUBGRAPH_NAMES, type SubgraphName } from "../../lib/config.js";
import type { EventBus } from "../../lib/events.js";
import { createLogger, type Logger } from "../../lib/logger.js";
import { postGraphQL, type GraphQLAnswer, type TestGraph } from "./graph.js";
import { committedSupergraph } from "./supergraph.js";

/**
 * What a proxy does with one request. "answer-lost" and "reset-after": the request reaches the subgraph, which acts on
 * it; its answer is then held or cut, as when a process dies after doing the work.
 */
export type ProxyBehaviour = "pass" | "hang" | "reset" | 503 | "answer-lost" | "reset-after";

/** A real HTTP server in front of one real subgraph: it counts what reaches it and can delay, hold, refuse or cut it. */
export interface SubgraphProxy {
  url: string;
  /** Requests that reached the proxy, whatever it did with them. */
  requests: { body: string; headers: IncomingMessage["headers"] }[];
  /** What the proxy does with each request (by default it passes everything on). */
  behave: (request: { body: string; n: number }) => ProxyBehaviour;
  /** How long a passed request waits before it is sent on: long enough for concurrent requests to overlap. */
  delayMs: number;
  /** While true, passed requests wait until `release()`. */
  holding: boolean;
  /** Requests that were held. */
  held: number;
  release(): void;
  /** Awaited after the subgraph answered and before the answer is passed on: lets a story act in between. */
  beforeAnswer?: () => Promise<void>;
  /** What the subgraph answered to each request passed on, whether or not the gateway got it. */
  answers: string[];
  /** Connections the gateway holds open to the proxy now. */
  openConnections(): number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(["host", "connection", "content-length"]);

export async function startSubgraphProxy(target: string): Promise<SubgraphProxy> {
  const waiting: (() => void)[] = [];
  const open = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  const proxy: SubgraphProxy = {
    url: "",
    requests: [],
    behave: () => "pass",
    delayMs: 0,
    holding: false,
    held: 0,
    answers: [],
    openConnections: () => sockets.size,
    release() {
      proxy.holding = false;
      for (const go of waiting.splice(0)) go();
    },
    close: async () => undefined,
  };
  const server = createServer(async (req, res) => {
    open.add(res);
    res.once("close", () => open.delete(res));
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    proxy.requests.push({ body, headers: req.headers });
    const behaviour = proxy.behave({ body, n: proxy.requests.length });
    if (behaviour === "hang") return;
    if (behaviour === "reset") return void req.socket.destroy();
    if (behaviour === 503) return void res.writeHead(503, { "content-type": "text/plain" }).end("busy");
    if (proxy.holding) {
      proxy.held++;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    if (proxy.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, proxy.delayMs));
    const headers: Record<string, string> = {};
    for (const [header, value] of Object.entries(req.headers)) {
      if (typeof value === "string" && !HOP_BY_HOP.has(header)) headers[header] = value;
    }
    let upstream: Response;
    let answer: string;
    try {
      upstream = await fetch(target, { method: "POST", headers, body });
      answer = await upstream.text();
    } catch {
      return void res.destroy();
    }
    proxy.answers.push(answer);
    if (behaviour === "answer-lost") return;
    if (behaviour === "reset-after") return void req.socket.destroy();
    await proxy.beforeAnswer?.();
    const cacheControl = upstream.headers.get("cache-control");
    res.writeHead(upstream.status, {
      "content-type": upstream.headers.get("content-type") ?? "application/json",
      ...(cacheControl ? { "cache-control": cacheControl } : {}),
    });
    res.end(answer);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  proxy.close = async () => {
    proxy.release();
    for (const res of open) res.socket?.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}

/** A gateway of its own in front of a test graph, some or all subgraphs behind proxies. */
export interface GatewayInFront {
  gateway: RunningGateway;
  query<T = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLAnswer<T>>;
}

/**
 * Starts `createGateway` as production builds it, on the committed supergraph unless given one, configured by `env`
 * (OMNIGRAPH_ENV test, loopback, silent unless a logger is given), with each subgraph at its proxy's URL when it has one and at the graph's own otherwise.
 */
export async function gatewayInFront(
  graph: TestGraph,
  options: {
    /** The committed supergraph unless given. */
    supergraphSdl?: string;
    env?: Record<string, string>;
    proxies?: Partial<Record<SubgraphName, { url: string }>>;
    bus?: EventBus;
    logger?: Logger;
  },
): Promise<GatewayInFront> {
  const config = loadConfig({ OMNIGRAPH_ENV: "test", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...options.env });
  const gateway = await createGateway(config, {
    auth: graph.auth,
    logger: options.logger ?? createLogger({ level: "silent" }),
    supergraphSdl: options.supergraphSdl ?? (await committedSupergraph()),
    ...(options.bus ? { bus: options.bus } : {}),
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, options.proxies?.[name]?.url ?? graph.subgraphs[name].url])),
  }).listen(0, "127.0.0.1");
  return { gateway, query: (query, variables, headers) => postGraphQL(gateway.url, query, variables, headers) };
}
