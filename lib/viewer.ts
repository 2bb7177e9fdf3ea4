import { SalesChannel } from "./channel.js";

/** Who is asking, as the gateway established it. */
export type Viewer =
  | { kind: "anonymous" }
  | { kind: "customer"; id: string }
  | { kind: "associate"; id: string; storeId: string }
  | { kind: "agent"; id: string }
  | { kind: "partner"; id: string }
  | { kind: "kiosk"; id: string; storeId: string }
  | { kind: "service"; id: string };

export const ANONYMOUS: Viewer = { kind: "anonymous" };

/** What every subgraph knows about the request besides its loaders. */
export interface RequestInfo {
  requestId: string;
  viewer: Viewer;
  channel: SalesChannel;
  /** The store the request comes from: a kiosk's store or an associate's; null elsewhere. */
  storeId: string | null;
  client: { name: string | null; version: string | null };
}

const CHANNELS = new Set<string>(Object.values(SalesChannel));

/**
 * The channel a client name implies when no x-channel was sent, read from its words: "omnigraph-ios" and
 * "android-app" are the app, "store-web" and "web-app" the website, "pos-tablet" a store till.
 */
export function channelFromClientName(name: string | null | undefined): SalesChannel | null {
  if (!name) return null;
  const words = new Set(name.toLowerCase().split(/[^a-z0-9]+/));
  const has = (...candidates: string[]) => candidates.some((c) => words.has(c));
  if (has("kiosk")) return SalesChannel.KIOSK;
  if (has("pos", "till", "tablet")) return SalesChannel.STORE;
  if (has("callcenter", "console", "agent")) return SalesChannel.CALL_CENTER;
  if (has("partner")) return SalesChannel.PARTNER;
  if (has("web", "website", "browser")) return SalesChannel.WEB;
  if (has("ios", "android", "mobile", "app")) return SalesChannel.MOBILE_APP;
  return null;
}

export function parseChannel(value: string | null | undefined): SalesChannel | null {
  if (!value) return null;
  const upper = value.trim().toUpperCase();
  return CHANNELS.has(upper) ? (upper as SalesChannel) : null;
}
