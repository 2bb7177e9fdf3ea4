import { randomUUID } from "node:crypto";

/** The outcome of asking a payment provider to hold money. */
export type Authorization = { status: "AUTHORIZED"; authorizationId: string } | { status: "DECLINED"; reason: string };

export type AuthorizationState = "AUTHORIZED" | "CAPTURED" | "VOIDED";

/** What a test-mode provider keeps of one authorization. */
export interface AuthorizationRecord {
  /** The idempotency key it was made under. */
  key: string;
  amount: number;
  currencyCode: string;
  state: AuthorizationState;
}

/**
 * Where money comes from. Authorize holds the amount, capture takes it, void gives the hold back, refund returns
 * money after capture. Every call is idempotent on its key, so a retried checkout never charges twice.
 */
export interface PaymentProvider {
  authorize(request: { token: string; amount: number; currencyCode: string; idempotencyKey: string }): Promise<Authorization>;
  /**
   * The authorization made under `idempotencyKey`, if any: how a settlement whose process died between authorizing
   * and recording it finds the money it holds, to void it.
   */
  authorizationByKey(idempotencyKey: string): Promise<string | null>;
  capture(authorizationId: string): Promise<void>;
  void(authorizationId: string): Promise<void>;
  refund(request: { authorizationId: string | null; amount: number; currencyCode: string; idempotencyKey: string }): Promise<void>;
}

/** Test mode, as documented in the README: "tok_visa" succeeds, "tok_declined" is declined, anything else is unknown. */
export function testModeDecision(token: string): { authorized: true } | { authorized: false; reason: string } {
  if (token === "tok_visa") return { authorized: true };
  if (token === "tok_declined") return { authorized: false, reason: "The card was declined." };
  return { authorized: false, reason: "Unknown payment token (test mode accepts tok_visa and tok_declined)." };
}

/**
 * Test mode in this process. It keeps what it did, so tests can check that nothing was charged twice and that no
 * authorization was left open; on Redis the order subgraph uses RedisTestPaymentProvider, which survives a crash.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly authorizations = new Map<string, AuthorizationRecord>();
  readonly refunds = new Map<string, { amount: number; currencyCode: string }>();
  private readonly byKey = new Map<string, Authorization>();

  async authorize(request: { token: string; amount: number; currencyCode: string; idempotencyKey: string }): Promise<Authorization> {
    const earlier = this.byKey.get(request.idempotencyKey);
    if (earlier) return earlier;
    const decision = testModeDecision(request.token);
    let result: Authorization;
    if (decision.authorized) {
      const authorizationId = `auth_${randomUUID()}`;
      this.authorizations.set(authorizationId, {
        key: request.idempotencyKey,
        amount: request.amount,
        currencyCode: request.currencyCode,
        state: "AUTHORIZED",
      });
      result = { status: "AUTHORIZED", authorizationId };
    } else {
      result = { status: "DECLINED", reason: decision.reason };
    }
    this.byKey.set(request.idempotencyKey, result);
    return result;
  }

  async authorizationByKey(idempotencyKey: string): Promise<string | null> {
    const earlier = this.byKey.get(idempotencyKey);
    return earlier?.status === "AUTHORIZED" ? earlier.authorizationId : null;
  }

  async capture(authorizationId: string): Promise<void> {
    const authorization = this.authorizations.get(authorizationId);
    if (authorization && authorization.state === "AUTHORIZED") authorization.state = "CAPTURED";
  }

  async void(authorizationId: string): Promise<void> {
    const authorization = this.authorizations.get(authorizationId);
    if (authorization && authorization.state === "AUTHORIZED") authorization.state = "VOIDED";
  }

  async refund(request: { authorizationId: string | null; amount: number; currencyCode: string; idempotencyKey: string }): Promise<void> {
    if (!this.refunds.has(request.idempotencyKey))
      this.refunds.set(request.idempotencyKey, { amount: request.amount, currencyCode: request.currencyCode });
  }
}
