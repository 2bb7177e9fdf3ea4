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

/** The channel a client name implies when no x-channel was sent. */
export function channelFromClientName(name: string | null | undefined): SalesChannel | null {
  if (!name) return null;
  const lower = name.toLowerCase();
  if (lower.includes("kiosk")) return SalesChannel.KIOSK;
  if (lower.includes("ios") || lower.includes("android") || lower.includes("mobile") || lower.includes("app")) {
    return SalesChannel.MOBILE_APP;
  }
  if (lower.includes("call") || lower.includes("console")) return SalesChannel.CALL_CENTER;
  if (lower.includes("pos") || lower.includes("tablet") || lower.includes("store")) return SalesChannel.STORE;
  if (lower.includes("partner")) return SalesChannel.PARTNER;
  if (lower.includes("web")) return SalesChannel.WEB;
  return null;
}

export function parseChannel(value: string | null | undefined): SalesChannel | null {
  if (!value) return null;
  const upper = value.trim().toUpperCase();
  return CHANNELS.has(upper) ? (upper as SalesChannel) : null;
}
