import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createRedis, type RedisClient } from "../../lib/redis.js";
import { paymentKeys, RedisTestPaymentProvider } from "../../subgraphs/order/services/payments-redis.js";

// Test-mode payments kept on Redis, so every gateway and order instance sees one authorization per idempotency key.

describe("test-mode payments on Redis", () => {
  const clients: RedisClient[] = [];
  afterAll(() => Promise.all(clients.map((c) => c.quit())));
  const instance = (prefix: string) => {
    const client = createRedis({ url: inject("redisUrl"), keyPrefix: prefix });
    clients.push(client);
    return new RedisTestPaymentProvider(client);
  };

  it("remember every authorization across instances: once per key, found by key, captured or voided once, open until then", async () => {
    const prefix = `test:${randomUUID()}:`;
    const [a, b] = [instance(prefix), instance(prefix)];
    const request = { token: "tok_visa", amount: 1999, currencyCode: "USD", idempotencyKey: "checkout:abc:1" };
    const [first, second] = await Promise.all([a.authorize(request), b.authorize(request)]);
    expect(first).toEqual(second);
    expect(first.status).toBe("AUTHORIZED");
    const id = first.status === "AUTHORIZED" ? first.authorizationId : "";
    // What an instance that died before recording its authorization leaves behind, found by another.
    expect(await b.authorizationByKey("checkout:abc:1")).toBe(id);
    expect(await b.authorizationByKey("checkout:never:1")).toBeNull();
    expect(await a.openAuthorizations()).toEqual([id]);
    expect(await b.authorization(id)).toEqual({ key: "checkout:abc:1", amount: 1999, currencyCode: "USD", state: "AUTHORIZED" });

    await b.capture(id);
    await a.void(id);
    expect(await a.authorization(id)).toMatchObject({ state: "CAPTURED" });
    expect(await a.openAuthorizations()).toEqual([]);

    const declined = await a.authorize({ ...request, token: "tok_declined", idempotencyKey: "sale-x" });
    expect(declined).toEqual({ status: "DECLINED", reason: "The card was declined." });
    expect(await a.authorizationByKey("sale-x")).toBeNull();
    const voided = await a.authorize({ ...request, idempotencyKey: "sale-y" });
    await b.void(voided.status === "AUTHORIZED" ? voided.authorizationId : "");
    expect(await a.authorization(voided.status === "AUTHORIZED" ? voided.authorizationId : "")).toMatchObject({ state: "VOIDED" });
    expect(await a.openAuthorizations()).toEqual([]);

    await a.refund({ authorizationId: id, amount: 500, currencyCode: "USD", idempotencyKey: "cancel-1" });
    await b.refund({ authorizationId: id, amount: 900, currencyCode: "USD", idempotencyKey: "cancel-1" });
    const raw = createRedis({ url: inject("redisUrl"), keyPrefix: prefix });
    clients.push(raw);
    expect(JSON.parse((await raw.hget(paymentKeys.refunds, "cancel-1"))!)).toEqual({
      amount: 500,
      currencyCode: "USD",
      authorizationId: id,
    });
  });
});
