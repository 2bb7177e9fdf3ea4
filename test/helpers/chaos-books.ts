import { expect } from "vitest";
import { signPersonToken } from "../../lib/auth/people.js";
import {
  ADD,
  CHECKOUT,
  CREATE,
  CUSTOMERS,
  HOME,
  NOT_FINAL_ERRORS,
  NOT_FINAL_USER_ERRORS,
  PREFIX,
  RECOVERY_AFTER_MS,
  RECOVERY_INTERVAL_MS,
  SHIP,
  SHOPPERS,
  SHOPPER_PATIENCE_MS,
  SKUS,
  TRY_AGAIN_USER_ERRORS,
  jsonValues,
  sleep,
  w,
  type Order,
  type Reservation,
  type Settlement,
} from "./chaos-world.js";
import { postGraphQL, type GraphQLAnswer } from "./graph.js";

/** The chaos journey's shoppers, who retry like a real client, and the books that must balance after the kills. */

export async function ask(query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<GraphQLAnswer> {
  return postGraphQL(w.gateway.url, query, variables, headers);
}

/** Before the chaos: a cart per shopper, two lines of the contended SKUs, shipped home. */
async function prepareCart(headers: Record<string, string>, n: number): Promise<string> {
  const created = await ask(CREATE, {}, headers);
  expect(created.body.errors, JSON.stringify(created.body.errors)).toBeUndefined();
  const cartId = created.body.data.createCart.cart.id as string;
  const lines = [
    { sku: SKUS[n % SKUS.length], quantity: 1 + (n % 2) },
    { sku: SKUS[(n + 1 + Math.floor(n / SKUS.length)) % SKUS.length], quantity: 1 },
  ].filter((line, i, all) => all.findIndex((other) => other.sku === line.sku) === i);
  const added = await ask(ADD, { cartId, lines }, headers);
  expect(added.body.data?.addCartLines.userErrors).toEqual([]);
  const shipped = await ask(SHIP, { cartId, address: HOME }, headers);
  expect(shipped.body.data?.setCartFulfillment.userErrors).toEqual([]);
  return cartId;
}

export type Outcome = { kind: "ordered"; orderId: string } | { kind: "refused"; codes: string[] } | { kind: "gave-up"; last: string };

/**
 * A real client: the same key again after a pause until the answer is final, and a new key after CHECKOUT_FAILED,
 * until its patience runs out.
 */
async function checkOut(headers: Record<string, string>, cartId: string, firstKey: string, sent: () => void): Promise<Outcome> {
  const until = Date.now() + SHOPPER_PATIENCE_MS;
  let last = "";
  let key = firstKey;
  for (let attempt = 0, keys = 1; Date.now() < until; attempt++) {
    if (attempt > 0) await sleep(150 + Math.random() * 350);
    let answer: GraphQLAnswer;
    try {
      sent();
      answer = await ask(CHECKOUT, { input: { cartId, paymentToken: "tok_visa", idempotencyKey: key } }, headers);
    } catch (error) {
      last = String(error);
      continue;
    }
    const errors = answer.body.errors ?? [];
    if (errors.length > 0) {
      last = JSON.stringify(errors.map((e) => e.extensions?.code));
      if (errors.every((e) => NOT_FINAL_ERRORS.has(String(e.extensions?.code)))) continue;
      throw new Error(`checkout ${key} answered an error a client cannot act on: ${answer.text}`);
    }
    const payload = answer.body.data.checkout;
    if (payload.order) return { kind: "ordered", orderId: payload.order.id };
    const codes = (payload.userErrors as { code: string }[]).map((e) => e.code);
    last = JSON.stringify(codes);
    if (codes.every((code) => NOT_FINAL_USER_ERRORS.has(code))) continue;
    if (codes.every((code) => TRY_AGAIN_USER_ERRORS.has(code))) {
      key = `${firstKey}-again-${keys++}`;
      continue;
    }
    return { kind: "refused", codes };
  }
  return { kind: "gave-up", last };
}

/** Units of each test SKU over every location: on hand and held. */
async function stockOf(): Promise<Map<string, { onHand: number; reserved: number }>> {
  const books = new Map<string, { onHand: number; reserved: number }>();
  for (const sku of SKUS) {
    const rows = Object.values(await w.raw.hgetall(`${PREFIX}{inventory}:stock:${sku}`)).map(
      (row) => JSON.parse(row) as { onHand: number; reserved: number },
    );
    books.set(sku, { onHand: rows.reduce((sum, r) => sum + r.onHand, 0), reserved: rows.reduce((sum, r) => sum + r.reserved, 0) });
  }
  return books;
}

const sumBySku = (lines: readonly { sku: string; quantity: number }[]) => {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  return totals;
};

/** Everything that must hold once the dust has settled; each problem named, so a failure says what is unbalanced. */
async function unbalanced(before: Map<string, { onHand: number; reserved: number }>, earlierOrders: Set<string>): Promise<string[]> {
  const problems: string[] = [];
  // Every order the shoppers placed in this test (earlier rounds too), and those of this round, which the stock counts.
  const orders = (await jsonValues<Order>("{order}:order:*")).filter((order) => !w.seededOrders.has(order.id));
  const roundOrders = orders.filter((order) => !earlierOrders.has(order.id));
  const reservations = await jsonValues<Reservation>("{inventory}:reservation:*");
  const settlements = (await jsonValues<Settlement>("{order}:checkout:*")).filter((s) => s && typeof s === "object" && "state" in s);
  const stock = await stockOf();

  const ordered = sumBySku(roundOrders.flatMap((order) => order.lines));
  for (const sku of SKUS) {
    const was = before.get(sku)!;
    const now = stock.get(sku)!;
    const units = ordered.get(sku) ?? 0;
    if (units + now.onHand !== was.onHand) problems.push(`${sku}: ${units} ordered + ${now.onHand} on hand ≠ ${was.onHand} before`);
    if (now.reserved !== was.reserved) problems.push(`${sku}: ${now.reserved} units held, ${was.reserved} before`);
  }

  const reservationById = new Map(reservations.map((r) => [r.id, r]));
  const settlementByReservation = new Map(settlements.filter((s) => s.reservation).map((s) => [s.reservation!.reservationId, s]));
  const orderIds = new Set(orders.map((order) => order.id));
  const settlementByOrder = new Map(settlements.filter((s) => s.orderId).map((s) => [s.orderId!, s]));
  for (const order of orders) {
    const settlement = settlementByOrder.get(order.id);
    const reservation = settlement?.reservation ? reservationById.get(settlement.reservation.reservationId) : undefined;
    if (!reservation || reservation.status !== "COMMITTED") {
      problems.push(`order ${order.id} has no committed hold (${reservation ? reservation.status : "no reservation"})`);
      continue;
    }
    const held = sumBySku(reservation.holds);
    const lines = sumBySku(order.lines);
    if (JSON.stringify([...held].sort()) !== JSON.stringify([...lines].sort()))
      problems.push(`order ${order.id}'s lines differ from its committed hold`);
  }
  for (const reservation of reservations) {
    if (reservation.status === "HELD") problems.push(`reservation ${reservation.id} still holds stock`);
    if (reservation.status !== "COMMITTED") continue;
    const settlement = settlementByReservation.get(reservation.id);
    if (!settlement?.orderId || !orderIds.has(settlement.orderId))
      problems.push(`committed hold ${reservation.id} has no order (${settlement?.state ?? "no settlement"})`);
  }
  if (orderIds.size !== new Set(settlements.filter((s) => s.orderId).map((s) => s.orderId)).size)
    problems.push("orders and settlements with an order differ in number");

  for (const settlement of settlements) {
    if (settlement.state !== "DONE" && settlement.state !== "UNWOUND")
      problems.push(`settlement ${settlement.ref} stopped at ${settlement.state}`);
  }
  const open = await w.raw.smembers(`${PREFIX}{payments}:open`);
  for (const id of open) problems.push(`authorization ${id} is still open`);
  for (const settlement of settlements) {
    if (!settlement.authorization) continue;
    const state = await w.raw.hget(`${PREFIX}{payments}:auth:${settlement.authorization.authorizationId}`, "state");
    const expected = settlement.orderId ? "CAPTURED" : "VOIDED";
    if (state !== expected) problems.push(`authorization of ${settlement.ref} is ${state}, expected ${expected}`);
  }
  return problems;
}

/** Whether a cart is locked, as its shopper finds out: an edit answers CHECKOUT_IN_PROGRESS. */
async function lockedCarts(carts: { cartId: string; headers: Record<string, string> }[]): Promise<string[]> {
  const locked: string[] = [];
  for (const { cartId, headers } of carts) {
    const answer = await ask(ADD, { cartId, lines: [{ sku: SKUS[0], quantity: 1 }] }, headers);
    const codes = (answer.body.data?.addCartLines.userErrors ?? []).map((e: { code: string }) => e.code);
    if (answer.body.errors || codes.some((code: string) => code !== "CART_CLOSED"))
      locked.push(`${cartId}: ${answer.body.errors ? answer.text : codes.join(",")}`);
  }
  return locked;
}

export interface KillPlan {
  /** After this many checkout requests were sent, kill these processes, and start them again `downMs` later. */
  at: number;
  kill: ("inventory" | "order")[];
  downMs: number;
}

export async function runChaos(round: string, customers: typeof CUSTOMERS, plan: KillPlan[]) {
  const started = Date.now();
  const before = await stockOf();
  const earlierOrders = new Set((await jsonValues<Order>("{order}:order:*")).map((order) => order.id));
  const shoppers = await Promise.all(
    customers.map(async (c, n) => {
      const headers = {
        authorization: `Bearer ${await signPersonToken(w.auth.jwtSecret!, { sub: c.id, role: "customer" })}`,
        "x-channel": "WEB",
      };
      return { headers, cartId: await prepareCart(headers, n), key: `${round}-${c.id}` };
    }),
  );

  let sent = 0;
  // One step at a time: a process is never killed while it is still starting from the step before.
  let kills: Promise<void> = Promise.resolve();
  const pending = [...plan].sort((a, b) => a.at - b.at);
  const onSend = () => {
    sent++;
    while (pending.length > 0 && sent >= pending[0].at) {
      const step = pending.shift()!;
      const processes = step.kill.map((name) => w[name]);
      kills = kills.then(async () => {
        await Promise.all(processes.map((p) => p.kill()));
        await sleep(step.downMs);
        await Promise.all(processes.map((p) => p.start()));
      });
    }
  };
  // Shoppers arrive over a second or two, so the kills land among checkouts at every step.
  const outcomes = await Promise.all(
    shoppers.map(async (shopper, n) => {
      await sleep((n * 1_500) / SHOPPERS);
      return checkOut(shopper.headers, shopper.cartId, shopper.key, onSend);
    }),
  );
  await kills;
  expect(pending, "every planned kill happened").toEqual([]);
  const answeredAt = Date.now();

  // Every shopper knows where they stand, and what they were told is what happened.
  const ordered = outcomes.filter((o): o is Extract<Outcome, { kind: "ordered" }> => o.kind === "ordered");
  const gaveUp = outcomes.filter((o) => o.kind === "gave-up");
  expect(gaveUp, "shoppers left without a final answer").toEqual([]);
  expect(ordered.length, "some checkouts succeed").toBeGreaterThan(0);
  expect(new Set(ordered.map((o) => o.orderId)).size).toBe(ordered.length);

  // The recovery window: then everything must balance (polled, since the workers run on their own clock).
  let problems: string[];
  const deadline = Date.now() + RECOVERY_AFTER_MS + 20 * RECOVERY_INTERVAL_MS + 15_000;
  do {
    await sleep(RECOVERY_INTERVAL_MS);
    problems = await unbalanced(before, earlierOrders);
  } while (problems.length > 0 && Date.now() < deadline);
  const balancedAt = Date.now();
  expect(problems, "the books after the recovery window").toEqual([]);

  const orders = (await jsonValues<Order>("{order}:order:*")).filter((order) => !earlierOrders.has(order.id));
  expect(new Set(orders.map((o) => o.id))).toEqual(new Set(ordered.map((o) => o.orderId)));
  expect(await lockedCarts(shoppers), "carts a shopper cannot edit nor see checked out").toEqual([]);
  const refusals = outcomes.flatMap((o) => (o.kind === "refused" ? [o.codes.join("+")] : []));
  console.info(
    `chaos ${round}: ${ordered.length} orders, ${refusals.length} refused (${[...new Set(refusals)].join(", ")}), ${sent} checkout requests; ` +
      `answered in ${answeredAt - started} ms, balanced ${balancedAt - answeredAt} ms later`,
  );
}
