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

/** Channels anyone may be on and read the price lists of: the shopper-facing ones. */
export const PUBLIC_CHANNELS: readonly SalesChannel[] = [SalesChannel.WEB, SalesChannel.MOBILE_APP, SalesChannel.KIOSK];

/**
 * The staff channels and the only viewer who may claim each: a store till is an associate's, the call center an
 * agent's. Their price lists and attribution are not for anyone who can type a header.
 */
export const STAFF_CHANNELS: Partial<Record<SalesChannel, Viewer["kind"]>> = {
  [SalesChannel.STORE]: "associate",
  [SalesChannel.CALL_CENTER]: "agent",
};

/** True when `viewer` may claim `channel` for a request (a key's own channel is not claimed, it is given). */
export function mayClaimChannel(viewer: Viewer, channel: SalesChannel): boolean {
  const staff = STAFF_CHANNELS[channel];
  return staff === undefined || staff === viewer.kind;
}

/** The channel of a request that names none: an associate works at the till, an agent at the call center. */
export function defaultChannelOf(viewer: Viewer): SalesChannel {
  if (viewer.kind === "associate") return SalesChannel.STORE;
  if (viewer.kind === "agent") return SalesChannel.CALL_CENTER;
  return SalesChannel.WEB;
}

/**
 * Whose price list a viewer may read: staff any (they quote prices across channels), a partner only the partner
 * list, everyone else the public channels'.
 */
export function mayReadPriceList(viewer: Viewer, channel: SalesChannel): boolean {
  if (viewer.kind === "associate" || viewer.kind === "agent" || viewer.kind === "service") return true;
  if (viewer.kind === "partner") return channel === SalesChannel.PARTNER;
  return PUBLIC_CHANNELS.includes(channel);
}
