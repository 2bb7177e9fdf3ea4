import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ErrorCode } from "../errors.js";

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The caller's request id when it is sane, else a new one: one id follows a request through every service. */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers["x-request-id"];
  return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Sent with every answer, the raw ones written on a refused connection included. */
export const SECURITY_HEADERS: [string, string][] = [
  // Browsers must not guess a type: a JSON answer echoing input is never run as HTML or script.
  ["x-content-type-options", "nosniff"],
  // The graph's URLs carry request ids and sandbox state: never leak them to another site.
  ["referrer-policy", "no-referrer"],
  // Nothing here is meant to be framed; a framed sandbox could be clickjacked into running operations.
  ["x-frame-options", "DENY"],
];

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
}

export function sendJson(res: ServerResponse, status: number, payload: unknown): void {
  res.statusCode = status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(payload));
}

export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}
