import { commaList, type Env, type Reader } from "./reader.js";

/** The four subgraphs, in the order they are started and composed. */
export const SUBGRAPH_NAMES = ["catalog", "inventory", "customer", "order"] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export interface SubgraphEndpoint {
  /** Port the subgraph listens on when started by `npm start` or `npm run start:subgraph`. */
  port: number;
  /** URL other services use to reach it: <NAME>_URL, else http://HOST:PORT/graphql. */
  url: string;
  /**
   * <NAME>_URL when it is set. Only then does the gateway use a URL of its own for this subgraph: otherwise it goes
   * where the supergraph it serves says, so another team's supergraph is served as written.
   */
  urlOverride: string | undefined;
}

export const DEFAULT_PORTS: Record<SubgraphName, number> = { catalog: 4001, inventory: 4002, customer: 4003, order: 4004 };

/** Where each subgraph listens and what the subgraphs themselves are told: body sizes, cart lifetimes, checkout recovery, tax. */
export interface SubgraphSettings {
  /** <NAME>_PORT and <NAME>_URL for catalog, inventory, customer, order. Defaults 4001–4004 on HOST. */
  subgraphs: Record<SubgraphName, SubgraphEndpoint>;
  /**
   * SUBGRAPH_MAX_BODY_BYTES: largest request body a subgraph accepts from the gateway or another service (a valid
   * signed identity): an entity fetch grows with the answer it completes, not with what the client sent. A request
   * without one is held to MAX_BODY_BYTES. Default 16777216 (16 MiB), or MAX_BODY_BYTES when that is larger; never
   * below MAX_BODY_BYTES.
   */
  subgraphMaxBodyBytes: number;
  /**
   * ANONYMOUS_CART_TTL_SECONDS: an anonymous cart nobody has changed for this long is gone (Redis key expiry, renewed
   * by every write; in memory, checked on read). A cart attached to a customer never expires. Default 604800 (7 days).
   */
  anonymousCartTtlSeconds: number;
  /**
   * ANONYMOUS_INTERACTION_TTL_SECONDS: what an anonymous shopper did, held against their cart until the cart is
   * attached to a customer, is dropped once nothing was added for this long. Default 604800 (7 days).
   */
  anonymousInteractionTtlSeconds: number;
  /**
   * CHECKOUT_RECOVERY_INTERVAL_MS: how often each order-subgraph instance's recovery worker looks for checkouts and till
   * sales left half-way (a process died, a step failed) to finish or unwind them. Default 5000.
   */
  checkoutRecoveryIntervalMs: number;
  /**
   * CHECKOUT_RECOVERY_AFTER_MS: how long a checkout or till sale may rest in one step before the recovery worker takes
   * it over (a failed capture is retried sooner, with backoff). A lost idempotency key holds its cart at most about
   * this plus CHECKOUT_RECOVERY_INTERVAL_MS. Default 60000.
   */
  checkoutRecoveryAfterMs: number;
  /**
   * TAX_RATES: the demo tax calculator's sales tax per state, in basis points, e.g. "IL:625,WI:500" (a state may be
   * written with its country, "US-IL"). Ship-to-home is taxed by the shipping address' state, pickup, curbside and till
   * sales by the store's. A state without a rate is not taxed. Default "" (no tax).
   */
  taxRates: Record<string, number>;
  /** LOYALTY_POINT_VALUE_CENTS: what one loyalty point takes off at checkout, in cents. Default 1 (100 points = 1.00). */
  loyaltyPointValueCents: number;
  /**
   * ORDER_CALL_TIMEOUT_MS: the longest the order subgraph waits for one call to another service inside a mutation
   * (prices, stock holds, points holds, staff records). A checkout makes up to five in a row (prices, the pickup store's
   * state, the stock hold, the points hold, the commit), so each is held to at most a sixth of MUTATION_TIMEOUT_MS,
   * and a checkout answers before the gateway gives up on it. Default 2500.
   */
  orderCallTimeoutMs: number;
}

/** `host` and `maxBodyBytes` are the server's (HOST, MAX_BODY_BYTES): subgraph URLs default to HOST, bodies to at least MAX_BODY_BYTES. */
export function readSubgraphSettings(read: Reader, env: Env, host: string, maxBodyBytes: number): SubgraphSettings {
  const subgraphs = {} as Record<SubgraphName, SubgraphEndpoint>;
  for (const name of SUBGRAPH_NAMES) {
    const upper = name.toUpperCase();
    const subgraphPort = read.port(`${upper}_PORT`, DEFAULT_PORTS[name]);
    const urlOverride = read.optionalUrl(`${upper}_URL`, ["http:", "https:"]);
    const url = urlOverride ?? `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${subgraphPort}/graphql`;
    subgraphs[name] = { port: subgraphPort, url, urlOverride };
  }
  const settings: SubgraphSettings = {
    subgraphs,
    subgraphMaxBodyBytes: read.int("SUBGRAPH_MAX_BODY_BYTES", 16 * 1_048_576, 1_024, 1_024 * 1_048_576),
    anonymousCartTtlSeconds: read.int("ANONYMOUS_CART_TTL_SECONDS", 7 * 86_400, 1, 365 * 86_400),
    anonymousInteractionTtlSeconds: read.int("ANONYMOUS_INTERACTION_TTL_SECONDS", 7 * 86_400, 1, 365 * 86_400),
    checkoutRecoveryIntervalMs: read.int("CHECKOUT_RECOVERY_INTERVAL_MS", 5_000, 10, 3_600_000),
    checkoutRecoveryAfterMs: read.int("CHECKOUT_RECOVERY_AFTER_MS", 60_000, 100, 86_400_000),
    orderCallTimeoutMs: read.int("ORDER_CALL_TIMEOUT_MS", 2_500, 100, 600_000),
    taxRates: taxRatesOf(read.string("TAX_RATES", ""), read.problems),
    loyaltyPointValueCents: read.int("LOYALTY_POINT_VALUE_CENTS", 1, 1, 10_000),
  };
  // The gateway may forward what a client was allowed to send: a subgraph never takes less from it than clients may send.
  if (settings.subgraphMaxBodyBytes < maxBodyBytes) {
    if (env.SUBGRAPH_MAX_BODY_BYTES?.trim()) {
      read.problems.push(`SUBGRAPH_MAX_BODY_BYTES (${settings.subgraphMaxBodyBytes}) must not be below MAX_BODY_BYTES (${maxBodyBytes})`);
    } else {
      settings.subgraphMaxBodyBytes = maxBodyBytes;
    }
  }
  return settings;
}

/** TAX_RATES: "IL:625,US-WI:500" → { IL: 625, "US-WI": 500 }; each malformed entry is a problem. */
function taxRatesOf(text: string, problems: string[]): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const part of commaList(text)) {
    const match = /^([A-Z]{2}(?:-[A-Z0-9]{1,3})?):(\d{1,4})$/.exec(part);
    if (match) rates[match[1]!] = Number(match[2]);
    else problems.push(`TAX_RATES: "${part}" is not STATE:basisPoints (e.g. IL:625)`);
  }
  return rates;
}
