import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode } from "../errors.js";
import { sendError } from "./answers.js";

export const TOO_LARGE = Symbol("body too large");
export const CLIENT_GONE = Symbol("client gone");

/**
 * The whole body as text; TOO_LARGE as soon as it is known to pass `limit` bytes (at once when Content-Length says
 * so, else when the running size passes it), without reading further; CLIENT_GONE when the connection ended first
 * (the client left, or REQUEST_TIMEOUT_MS cut it off and node already answered 408).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string | typeof TOO_LARGE | typeof CLIENT_GONE> {
  if (Number(req.headers["content-length"]) > limit) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: string | typeof TOO_LARGE | typeof CLIENT_GONE) => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) settle(TOO_LARGE);
      else chunks.push(chunk);
    };
    const onEnd = () => settle(Buffer.concat(chunks, size).toString("utf8"));
    const onGone = () => settle(CLIENT_GONE);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onGone);
    req.on("close", onGone);
  });
}

/**
 * 413, then the connection is closed: node would otherwise read the rest of the body to reuse the connection, and a
 * body over the limit may be gigabytes long.
 */
export function refuseBody(req: IncomingMessage, res: ServerResponse, limit: number): void {
  res.setHeader("connection", "close");
  res.once("finish", () => req.socket.destroy());
  sendError(res, 413, ErrorCode.BODY_TOO_LARGE, `Request body is larger than ${limit} bytes.`);
}
