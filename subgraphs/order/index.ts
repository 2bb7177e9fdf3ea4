import { randomUUID } from "node:crypto";
import { canSeeCustomer } from "../../lib/auth/access.js";
import { ErrorCode, OmnigraphError } from "../../lib/errors.js";
import type { EventBus } from "../../lib/events.js";
import { createLogger, type Logger } from "../../lib/logger.js";
import { startOutboxRelay } from "../../lib/outbox.js";
import { buildFederatedSchema, schemaOnce } from "../../lib/federation.js";
import type { ServiceClient } from "../../lib/service-client.js";
import { catalogPrices } from "./services/catalog.js";
import { inventoryLocations, inventoryReservations, type InventoryReservations } from "./services/inventory.js";
import { TestPaymentProvider, type PaymentProvider } from "./services/payments.js";
import { staffDirectory } from "./services/staff.js";
import { loyaltyPoints } from "./services/loyalty.js";
import type { SettlementFaults, SettlementServices } from "./services/settlement.js";
import { startRecoveryWorker, type RecoveryWorker } from "./services/settlement-recovery.js";
import { consumeRegistrations } from "./services/guest-orders.js";
import { canSeeOrder, canUseCart } from "./access.js";
import type { Subgraph } from "../../lib/subgraph.js";
import type { OrderContext } from "./context.js";
import type { OrderServices } from "./services/deps.js";
import { createLoaders, type OrderLoaders } from "./loaders.js";
import { AssociateResolver } from "./resolvers/associate.js";
import { CartResolver } from "./resolvers/cart.js";
import { CustomerResolver } from "./resolvers/customer.js";
import { FulfillmentResolver } from "./resolvers/fulfillment.js";
import { LocationResolver } from "./resolvers/location.js";
import { OrderResolver } from "./resolvers/order.js";
import { ReturnResolver } from "./resolvers/return.js";
import { orderSeed } from "./seed.js";
import type { OrderStore } from "./store/index.js";
import { MemoryOrderStore } from "./store/memory.js";
import { demoPromotions } from "../../lib/demo/promotions.js";
import { PromotionBook, type Promotion } from "./pricing/promotions.js";
import { rateTableTax, type TaxCalculator } from "./pricing/tax.js";
import { OrderSubscriptions } from "./resolvers/subscriptions.js";
import { OrderCostResolver } from "./resolvers/order-cost.js";
import { OrderTendersResolver } from "./resolvers/order-tenders.js";
// Root fields register as their classes load: the query classes above, then these mutations, in the printed order.
import { FulfillmentMutations } from "./resolvers/fulfillment-mutations.js";
import { OrderMutations } from "./resolvers/order-mutations.js";
import { ReturnMutations } from "./resolvers/return-mutations.js";
import { CartMutations } from "./resolvers/cart-mutations.js";
import { CheckoutMutations, CheckoutPayloadResolver, CheckoutUserErrorResolver } from "./resolvers/checkout.js";
import { CartCostResolver } from "./resolvers/cart-cost.js";
import { CartPricingMutations } from "./resolvers/cart-pricing-mutations.js";

export interface OrderDeps {
  /** Where orders and carts live; the seeded in-memory store when omitted. */
  store?: OrderStore;
  /** Where order, fulfillment, return and sale events go (the customer timeline listens). */
  bus?: EventBus;
  /** Signed client of the inventory subgraph: sourcing, reservations, restocking. */
  inventory?: ServiceClient;
  /** Signed client of the catalog subgraph: prices are always read from it. */
  catalog?: ServiceClient;
  /** Payments; the test-mode provider when omitted. */
  payments?: PaymentProvider;
  /** Signed client of the customer subgraph: the staff records a sale's credit is checked against. */
  customer?: ServiceClient;
  /** ANONYMOUS_CART_TTL_SECONDS for the in-memory store made when `store` is omitted (a Redis store has its own). */
  anonymousCartTtlSeconds?: number;
  /** Where the recovery worker and the outbox relay report; silent when omitted. */
  logger?: Logger;
  /**
   * The recovery worker: CHECKOUT_RECOVERY_INTERVAL_MS (`intervalMs`, default 5000) and CHECKOUT_RECOVERY_AFTER_MS
   * (`afterMs`, default 60000); `leaseMs` (default 30000) is how long one instance works a settlement before another
   * may take it over.
   */
  recovery?: { intervalMs?: number; afterMs?: number; leaseMs?: number };
  /** How often the outbox relay looks for events a process that died left recorded. Default 200 ms. */
  outboxIntervalMs?: number;
  /** Tests only: where a settlement stops dead, as a killed process would (services/settlement.ts). */
  faults?: SettlementFaults;
  /** Automatic promotions and discount codes; the demo's (lib/demo/promotions.ts) when omitted. */
  promotions?: Promotion[];
  /** Tax: the demo rate table over TAX_RATES (`taxRates`, basis points by state) when omitted; no rates, no tax. */
  tax?: TaxCalculator;
  /** TAX_RATES (lib/config.ts taxRates), for the demo calculator. */
  taxRates?: Record<string, number>;
  /** LOYALTY_POINT_VALUE_CENTS: what one loyalty point takes off at checkout. Default 1 (100 points = 1.00). */
  loyaltyPointValueCents?: number;
}

export const DEFAULT_RECOVERY = { intervalMs: 5_000, afterMs: 60_000, leaseMs: 30_000 };

export type { OrderServices } from "./services/deps.js";

function unavailable(what: string): never {
  throw new OmnigraphError(ErrorCode.SUBGRAPH_UNAVAILABLE, `The ${what} service is not configured; nothing was changed.`);
}

/**
 * The order subgraph's schema: resolvers are module-level classes; every read goes through the request's loaders and
 * every write through the services, both carried by the request context (`createSubgraph` wires them).
 */
export const buildSchema = schemaOnce(() =>
  buildFederatedSchema(
    {
      resolvers: [
        OrderResolver,
        FulfillmentResolver,
        ReturnResolver,
        CartResolver,
        CustomerResolver,
        LocationResolver,
        AssociateResolver,
        FulfillmentMutations,
        OrderMutations,
        ReturnMutations,
        CartMutations,
        CheckoutMutations,
        CheckoutUserErrorResolver,
        CheckoutPayloadResolver,
        CartCostResolver,
        CartPricingMutations,
        OrderCostResolver,
        OrderTendersResolver,
        OrderSubscriptions,
      ],
    },
    {
      // References obey the root fields' rules: what the viewer may not see reads as not found.
      Order: {
        __resolveReference: async (ref: { id: string }, ctx: OrderContext) => {
          const order = await ctx.loaders.orderById.load(ref.id);
          return order && canSeeOrder(ctx.viewer, order) ? order : null;
        },
      },
      Cart: {
        __resolveReference: async (ref: { id: string }, ctx: OrderContext) => {
          const cart = await ctx.loaders.cartById.load(ref.id);
          return cart && canUseCart(ctx.viewer, cart) ? cart : null;
        },
      },
      // Entities owned elsewhere: the key is all this subgraph needs to resolve the fields it adds.
      Customer: {
        __resolveReference: (ref: { id: string }, ctx: OrderContext) => (canSeeCustomer(ctx.viewer, ref.id) ? { id: ref.id } : null),
      },
      Location: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
      Associate: { __resolveReference: (ref: { id: string }) => ({ id: ref.id }) },
    },
  ),
);

/** Carts, orders on every channel, fulfillments, returns and sales attribution. Nothing runs until the caller serves it. */
export async function createSubgraph(deps: OrderDeps = {}): Promise<Subgraph<OrderLoaders, OrderServices>> {
  const store: OrderStore = deps.store ?? new MemoryOrderStore(orderSeed(), { anonymousCartTtlSeconds: deps.anonymousCartTtlSeconds });
  const logger = (deps.logger ?? createLogger({ level: "silent" })).child({ service: "order" });
  const relay = startOutboxRelay(store.outbox, deps.bus ?? null, { logger, lease: store.outboxLease, intervalMs: deps.outboxIntervalMs });
  const inventory = deps.inventory
    ? inventoryReservations(deps.inventory)
    : (new Proxy({}, { get: () => () => unavailable("inventory") }) as InventoryReservations);
  const payments = deps.payments ?? new TestPaymentProvider();
  const recovery = { ...DEFAULT_RECOVERY, ...deps.recovery };
  const settlement: SettlementServices = {
    store,
    inventory,
    payments,
    announcer: relay,
    settings: { recoveryAfterMs: recovery.afterMs, leaseMs: recovery.leaseMs, holder: `order-${randomUUID()}` },
    faults: deps.faults,
    loyalty: deps.customer ? loyaltyPoints(deps.customer) : undefined,
  };
  const services: OrderServices = {
    store,
    inventory,
    locations: deps.inventory
      ? inventoryLocations(deps.inventory)
      : {
          location: async () => unavailable("inventory"),
          locationsById: async () => unavailable("inventory"),
          availableToPromise: async () => unavailable("inventory"),
        },
    catalog: deps.catalog ? catalogPrices(deps.catalog) : { prices: async () => unavailable("catalog") },
    payments,
    staff: deps.customer ? staffDirectory(deps.customer) : { homeStoresOf: async () => unavailable("customer") },
    settlement,
    announcer: relay,
    pricing: {
      book: new PromotionBook(deps.promotions ?? demoPromotions()),
      tax: deps.tax ?? rateTableTax(deps.taxRates ?? {}),
      pointValueCents: deps.loyaltyPointValueCents ?? 1,
    },
  };
  let worker: RecoveryWorker | null = null;
  let unsubscribe: (() => void) | null = null;
  return {
    name: "order",
    schema: await buildSchema(),
    services,
    createLoaders: () => createLoaders(store, services),
    start: async () => {
      worker ??= startRecoveryWorker(settlement, logger, recovery.intervalMs);
      // Consuming starts once the subgraph serves, so an instance that failed to start never takes a delivery.
      if (deps.bus && !unsubscribe) {
        unsubscribe = consumeRegistrations(deps.bus, store, logger);
        await deps.bus.ready();
      }
    },
    stop: async () => {
      unsubscribe?.();
      unsubscribe = null;
      await worker?.stop();
      await relay.stop();
      await deps.inventory?.close();
      await deps.catalog?.close();
      await deps.customer?.close();
    },
  };
}
