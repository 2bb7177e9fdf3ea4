import { randomUUID } from "node:crypto";
import type { RedisClient } from "../../../lib/redis.js";
import {
  testModeDecision,
  type Authorization,
  type AuthorizationRecord,
  type AuthorizationState,
  type PaymentProvider,
} from "./payments.js";

/**
 * The test-mode provider's books in Redis, under one hash tag of their own (the client's keyPrefix goes in front):
 * what a real provider would remember across a crash of the order subgraph, so "no authorization left open" can be
 * checked after `kill -9`.
 */
const TAG = "{payments}";
export const paymentKeys = {
  /** Hash per authorization: key (idempotency key), amount (cents), currencyCode, state (AUTHORIZED|CAPTURED|VOIDED). */
  authorization: (id: string) => `${TAG}:auth:${id}`,
  /** What authorize answered under an idempotency key, as JSON ({status, authorizationId} or {status, reason}). */
  byKey: (idempotencyKey: string) => `${TAG}:auth-key:${idempotencyKey}`,
  /** Set of the ids of authorizations still AUTHORIZED: neither captured nor voided. */
  open: `${TAG}:open`,
  /** Hash idempotency key → JSON {amount, currencyCode, authorizationId} of each refund. */
  refunds: `${TAG}:refunds`,
};

/**
 * Records an authorize answer once per idempotency key; an authorization is filed AUTHORIZED and open in the same step.
 * KEYS: by-key, the authorization (may be unused), the open set. ARGV: answer JSON, authorization id or '', key,
 * amount, currency. Returns the answer recorded under the key (an earlier one wins).
 */
const AUTHORIZE = `
local earlier = redis.call('GET', KEYS[1])
if earlier then return earlier end
redis.call('SET', KEYS[1], ARGV[1])
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[2], 'key', ARGV[3], 'amount', ARGV[4], 'currencyCode', ARGV[5], 'state', 'AUTHORIZED')
  redis.call('SADD', KEYS[3], ARGV[2])
end
return ARGV[1]
`;

/** AUTHORIZED → ARGV[2] (CAPTURED or VOIDED); anything else is left as it is. KEYS: the authorization, the open set. ARGV: id, state. */
const SETTLE = `
if redis.call('HGET', KEYS[1], 'state') ~= 'AUTHORIZED' then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2])
redis.call('SREM', KEYS[2], ARGV[1])
return 1
`;

interface PaymentScripts {
  paymentsAuthorize(...args: (string | number)[]): Promise<string>;
  paymentsSettle(...args: string[]): Promise<number>;
}

/** Test mode ("tok_visa" / "tok_declined") whose authorizations, captures, voids and refunds live in Redis. */
export class RedisTestPaymentProvider implements PaymentProvider {
  private readonly redis: RedisClient & PaymentScripts;

  constructor(redis: RedisClient) {
    redis.defineCommand("paymentsAuthorize", { numberOfKeys: 3, lua: AUTHORIZE });
    redis.defineCommand("paymentsSettle", { numberOfKeys: 2, lua: SETTLE });
    this.redis = redis as RedisClient & PaymentScripts;
  }

  async authorize(request: { token: string; amount: number; currencyCode: string; idempotencyKey: string }): Promise<Authorization> {
    const decision = testModeDecision(request.token);
    const authorizationId = decision.authorized ? `auth_${randomUUID()}` : "";
    const answer: Authorization = decision.authorized
      ? { status: "AUTHORIZED", authorizationId }
      : { status: "DECLINED", reason: decision.reason };
    const recorded = await this.redis.paymentsAuthorize(
      paymentKeys.byKey(request.idempotencyKey),
      paymentKeys.authorization(authorizationId || "none"),
      paymentKeys.open,
      JSON.stringify(answer),
      authorizationId,
      request.idempotencyKey,
      request.amount,
      request.currencyCode,
    );
    return JSON.parse(recorded) as Authorization;
  }

  async authorizationByKey(idempotencyKey: string): Promise<string | null> {
    const json = await this.redis.get(paymentKeys.byKey(idempotencyKey));
    const answer = json ? (JSON.parse(json) as Authorization) : null;
    return answer?.status === "AUTHORIZED" ? answer.authorizationId : null;
  }

  async capture(authorizationId: string): Promise<void> {
    await this.redis.paymentsSettle(paymentKeys.authorization(authorizationId), paymentKeys.open, authorizationId, "CAPTURED");
  }

  async void(authorizationId: string): Promise<void> {
    await this.redis.paymentsSettle(paymentKeys.authorization(authorizationId), paymentKeys.open, authorizationId, "VOIDED");
  }

  async refund(request: { authorizationId: string | null; amount: number; currencyCode: string; idempotencyKey: string }): Promise<void> {
    const refund = JSON.stringify({ amount: request.amount, currencyCode: request.currencyCode, authorizationId: request.authorizationId });
    await this.redis.hsetnx(paymentKeys.refunds, request.idempotencyKey, refund);
  }

  /** One authorization as recorded, or null (tests and the chaos check). */
  async authorization(id: string): Promise<AuthorizationRecord | null> {
    const fields = await this.redis.hgetall(paymentKeys.authorization(id));
    if (!fields.state) return null;
    return { key: fields.key, amount: Number(fields.amount), currencyCode: fields.currencyCode, state: fields.state as AuthorizationState };
  }

  /** Ids of authorizations neither captured nor voided. */
  async openAuthorizations(): Promise<string[]> {
    return this.redis.smembers(paymentKeys.open);
  }
}
