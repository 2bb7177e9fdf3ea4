import { SalesChannel } from "../../../lib/channel.js";
import { DAY, DEMO_NOW, HOUR, iso, pad } from "../../../lib/demo/calendar.js";
import type { Random } from "../../../lib/demo/random.js";
import { distanceKm } from "../../../lib/geo.js";
import { shippingTotal } from "../checkout/order-draft.js";
import { orderStatusOf } from "../lifecycle.js";
import { PICKUP_CODE_ALPHABET } from "../store/rules.js";
import type {
  AddressRecord,
  FulfillmentMethodName,
  FulfillmentRecord,
  FulfillmentStatusName,
  OrderEventRecord,
  OrderLineRecord,
  OrderRecord,
  ReturnRecord,
} from "../store/index.js";

// The order subgraph's history in the demo world: a year of orders on every channel, with their fulfilments, returns
// and events, drawn by the subgraph's own rules (order status, shipping fee, pickup codes).

/** An order as the demo draws it; the seed adds the currency. */
export type DemoOrder = Omit<OrderRecord, "currencyCode">;

/** A location as orders need it. */
export interface DemoLocation {
  id: string;
  type: "STORE" | "DISTRIBUTION_CENTER";
  address: AddressRecord;
  geo: { lat: number; lng: number };
  capabilities: string[];
}

/** A customer as orders need it: who, their addresses and preferred store. */
export interface DemoCustomer {
  id: string;
  addresses: AddressRecord[];
  preferredStoreId: string | null;
}

/** A variant as orders need it: its SKU and channel prices. */
export interface DemoVariant {
  sku: string;
  prices: Record<SalesChannel, { price: number }>;
}

/** Where orders are placed and fulfilled, and who serves them. */
export interface Staffing {
  locations: readonly DemoLocation[];
  associates: readonly { id: string; role: string; homeStoreId: string | null }[];
}

/** Orders in the scale-1 world. */
export const ORDER_COUNT = 320;

function pickupCode(random: Random): string {
  return Array.from({ length: 6 }, () => random.pick([...PICKUP_CODE_ALPHABET])).join("");
}

/** Who places a run of orders and what they buy; a scaled world draws its extra orders from a source of their own. */
export interface OrderSource {
  count: number;
  customers: readonly DemoCustomer[];
  /** `count` distinct variants for one order's lines. */
  lineVariants: (random: Random, count: number) => DemoVariant[];
  /** Orders already numbered before this run: ids and numbers continue after them. */
  numberedBefore: number;
}

/** A run of `source.count` orders, numbered in the order they were placed, after `source.numberedBefore`. */
export function demoOrders(random: Random, world: Staffing, source: OrderSource): DemoOrder[] {
  const stores = world.locations.filter((l) => l.type === "STORE");
  const shippers = world.locations.filter((l) => l.type === "DISTRIBUTION_CENTER" || l.capabilities.includes("SHIP_FROM_STORE"));
  const agents = world.associates.filter((a) => a.role === "CALL_CENTER_AGENT");
  const staffOf = (storeId: string) => world.associates.filter((a) => a.homeStoreId === storeId);
  const drafts: Omit<DemoOrder, "id" | "number">[] = [];

  for (let i = 0; i < source.count; i++) {
    const channel = random.weighted<SalesChannel>([
      [SalesChannel.WEB, 34],
      [SalesChannel.MOBILE_APP, 24],
      [SalesChannel.KIOSK, 8],
      [SalesChannel.CALL_CENTER, 10],
      [SalesChannel.STORE, 24],
    ]);
    const anonymousTill = channel === SalesChannel.STORE && random.chance(0.1);
    const customer = anonymousTill ? null : source.customers[random.int(0, source.customers.length - 1)];
    const ageDays = random.chance(0.1) ? random.next() * 3 : random.next() * 365;
    const placedAt = DEMO_NOW - Math.round(ageDays * DAY);
    const homeStore = (customer?.preferredStoreId && stores.find((s) => s.id === customer.preferredStoreId)) || random.pick(stores);
    const store = channel === SalesChannel.STORE || channel === SalesChannel.KIOSK ? homeStore : null;
    const lineCount = random.weighted([
      [1, 45],
      [2, 30],
      [3, 17],
      [4, 8],
    ] as const);
    const lineVariants = source.lineVariants(random, lineCount);
    const lines: OrderLineRecord[] = lineVariants.map((variant, l) => ({
      id: `L${l + 1}`,
      sku: variant.sku,
      quantity: random.chance(0.8) ? 1 : random.int(2, 3),
      unitPrice: variant.prices[channel].price,
      fulfillmentId: null,
    }));

    let method: FulfillmentMethodName;
    if (channel === SalesChannel.STORE) method = "PICKUP_IN_STORE";
    else
      method = random.weighted<FulfillmentMethodName>([
        ["SHIP_TO_HOME", 55],
        ["PICKUP_IN_STORE", 33],
        ["CURBSIDE", 12],
      ]);
    let pickupStore: DemoLocation | null = null;
    if (method !== "SHIP_TO_HOME") {
      pickupStore = store ?? homeStore;
      if (method === "CURBSIDE" && !pickupStore.capabilities.includes("CURBSIDE")) {
        pickupStore = stores.find((s) => s.capabilities.includes("CURBSIDE") && s.id !== pickupStore!.id) ?? pickupStore;
      }
    }
    const shippingAddress = method === "SHIP_TO_HOME" ? (customer?.addresses[0] ?? homeStore.address) : null;
    const origin =
      method === "SHIP_TO_HOME"
        ? [...shippers].sort((a, b) => distanceKm(a.geo, homeStore.geo) - distanceKm(b.geo, homeStore.geo))[random.chance(0.7) ? 0 : 1]
        : pickupStore!;

    const cancelled = channel !== SalesChannel.STORE && ageDays > 2 && random.chance(0.03);
    let status: FulfillmentStatusName;
    if (channel === SalesChannel.STORE) status = "PICKED_UP";
    else if (cancelled) status = "CANCELLED";
    else if (method === "SHIP_TO_HOME")
      status = ageDays > 6 ? "DELIVERED" : ageDays > 1 ? "SHIPPED" : random.pick(["PENDING", "PICKING"] as const);
    else status = ageDays > 3 ? "PICKED_UP" : random.pick(["PENDING", "PICKING", "READY_FOR_PICKUP", "READY_FOR_PICKUP"] as const);
    if (method === "CURBSIDE" && status === "READY_FOR_PICKUP" && random.chance(0.3)) status = "CUSTOMER_ARRIVED";

    const fulfillmentId = "F1";
    for (const line of lines) line.fulfillmentId = fulfillmentId;
    const fulfillment: FulfillmentRecord = {
      id: fulfillmentId,
      method,
      originId: origin.id,
      pickupLocationId: pickupStore?.id ?? null,
      status,
      pickupCode: method === "SHIP_TO_HOME" || channel === SalesChannel.STORE ? null : pickupCode(random),
      trackingNumber: status === "SHIPPED" || status === "DELIVERED" ? `1Z${pad(random.int(0, 999_999_999), 9)}US` : null,
      lineIds: lines.map((l) => l.id),
    };
    const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
    const shipping = shippingTotal([{ method }], subtotal);

    const attributionAssociate =
      channel === SalesChannel.STORE
        ? random.pick(staffOf(store!.id)).id
        : channel === SalesChannel.CALL_CENTER && random.chance(0.6)
          ? random.pick(agents).id
          : channel === SalesChannel.KIOSK && random.chance(0.4)
            ? random.pick(staffOf(store!.id)).id
            : null;

    const events: OrderEventRecord[] = [
      {
        type: channel === SalesChannel.STORE ? "STORE_SALE_RECORDED" : "ORDER_PLACED",
        at: iso(placedAt),
        channel,
        locationId: store?.id ?? null,
      },
    ];
    const step = (type: string, hours: number, locationId: string | null) =>
      events.push({ type, at: iso(Math.min(DEMO_NOW, placedAt + hours * HOUR)), channel: null, locationId });
    const order = { status };
    if (status === "CANCELLED") step("ORDER_CANCELLED", 3, null);
    else if (channel !== SalesChannel.STORE) {
      const reached = (s: FulfillmentStatusName) =>
        ["PICKING", "READY_FOR_PICKUP", "CUSTOMER_ARRIVED", "PICKED_UP", "SHIPPED", "DELIVERED"].indexOf(order.status) >=
        ["PICKING", "READY_FOR_PICKUP", "CUSTOMER_ARRIVED", "PICKED_UP", "SHIPPED", "DELIVERED"].indexOf(s);
      if (reached("PICKING")) step("FULFILLMENT_PICKING", 2, origin.id);
      if (method === "SHIP_TO_HOME") {
        if (status === "SHIPPED" || status === "DELIVERED") step("FULFILLMENT_SHIPPED", 20, origin.id);
        if (status === "DELIVERED") step("FULFILLMENT_DELIVERED", 70, null);
      } else {
        if (status !== "PICKING" && status !== "PENDING") step("FULFILLMENT_READY_FOR_PICKUP", 4, pickupStore!.id);
        if (status === "CUSTOMER_ARRIVED") step("FULFILLMENT_CUSTOMER_ARRIVED", 26, pickupStore!.id);
        if (status === "PICKED_UP") step("FULFILLMENT_PICKED_UP", 30, pickupStore!.id);
      }
    }

    const returns: ReturnRecord[] = [];
    const fulfilled = status === "DELIVERED" || status === "PICKED_UP";
    if (fulfilled && customer && ageDays > 10 && random.chance(0.12)) {
      const line = random.pick(lines);
      const inStore = random.chance(0.65);
      const requested = placedAt + random.int(4, 9) * DAY;
      const returnStatus = random.weighted<ReturnRecord["status"]>([
        ["REFUNDED", 75],
        ["RECEIVED", 10],
        ["REQUESTED", 15],
      ]);
      const dropOff = inStore ? homeStore : null;
      const quantity = line.quantity;
      returns.push({
        id: "R1",
        method: inStore ? "IN_STORE" : "MAIL",
        dropOffLocationId: dropOff?.id ?? null,
        status: returnStatus,
        lines: [{ orderLineId: line.id, quantity }],
        refund: returnStatus === "REQUESTED" ? null : line.unitPrice * quantity,
        requestedAt: iso(requested),
        receivedAt: returnStatus === "REQUESTED" ? null : iso(requested + random.int(1, 5) * DAY),
      });
      events.push({
        type: "RETURN_REQUESTED",
        at: iso(requested),
        channel: inStore ? SalesChannel.STORE : channel,
        locationId: dropOff?.id ?? null,
      });
      if (returnStatus !== "REQUESTED") {
        events.push({
          type: "RETURN_RECEIVED",
          at: returns[0].receivedAt!,
          channel: inStore ? SalesChannel.STORE : null,
          locationId: dropOff?.id ?? "dc-01",
        });
      }
      if (returnStatus === "REFUNDED")
        events.push({ type: "RETURN_REFUNDED", at: returns[0].receivedAt!, channel: null, locationId: null });
    }

    drafts.push({
      customerId: customer?.id ?? null,
      channel,
      placedAt: iso(placedAt),
      status: orderStatusOf([fulfillment]),
      lines,
      shippingTotal: shipping,
      shippingAddress,
      attribution: { channel, locationId: store?.id ?? null, associateId: attributionAssociate },
      fulfillments: [fulfillment],
      returns,
      events: events.sort((a, b) => a.at.localeCompare(b.at)),
    });
  }

  // Numbers follow the order in which orders were placed, as a real order sequence would.
  drafts.sort((a, b) => a.placedAt.localeCompare(b.placedAt));
  return drafts.map((draft, index) => {
    const position = source.numberedBefore + index;
    const id = `order-${pad(position + 1, 4)}`;
    const prefix = (local: string) => `${id}-${local}`;
    return {
      ...draft,
      id,
      number: `OG-${100_001 + position}`,
      lines: draft.lines.map((l) => ({ ...l, id: prefix(l.id), fulfillmentId: l.fulfillmentId && prefix(l.fulfillmentId) })),
      fulfillments: draft.fulfillments.map((f) => ({ ...f, id: prefix(f.id), lineIds: f.lineIds.map(prefix) })),
      returns: draft.returns.map((r) => ({
        ...r,
        id: prefix(r.id),
        lines: r.lines.map((rl) => ({ ...rl, orderLineId: prefix(rl.orderLineId) })),
      })),
    };
  });
}
