import { subscribe } from "node:diagnostics_channel";
import type { IncomingMessage } from "node:http";

/**
 * Counts the HTTP requests each server in this process receives, by its local port, and answers the bench's
 * `{ type: "counts" }` IPC message with them. Loaded with `--import` in front of any subgraph server (ours or the
 * public benchmark's, unmodified): the count comes from Node's own http.server diagnostics channel, so it is what the
 * subgraphs really received, not what a gateway says it sent.
 */
const counts: Record<number, number> = {};

subscribe("http.server.request.start", (message) => {
  const port = (message as { request: IncomingMessage }).request.socket.localPort;
  if (port !== undefined) counts[port] = (counts[port] ?? 0) + 1;
});

process.on("message", (message: { type?: string }) => {
  if (message?.type === "counts") process.send?.({ type: "counts", counts: { ...counts } });
});
