import { randomUUID } from "node:crypto";

/** The outcome of asking a payment provider to hold money. */
export type Authorization =
  | { status: "AUTHORIZED"; authorizationId: string }
  | { status: "DECLINED"; reason: string };

/**
 * Where money comes from. Authorize holds the amount, capture takes it, void gives the hold back, refund returns
 * money after capture. Every call is idempotent on its key, so a retried checkout never charges twice.
 */
export interface PaymentProvider {
  authorize(request: { token: string; amount: number; currencyCode: string; idempotencyKey: string }): Promise<Authorization>;
  capture(authorizationId: string): Promise<void>;
  void(authorizationId: string): Promise<void>;
  refund(request: { authorizationId: string | null; amount: number; currencyCode: string; idempotencyKey: string }): Promise<void>;
}

/**
 * Test mode, as documented in the README: "tok_visa" succeeds, "tok_declined" is declined; any other token is
 * declined as unknown. It keeps what it did, so tests can check that nothing was charged twice.
 */
export class TestPaymentProvider implements PaymentProvider {
  readonly authorizations = new Map<string, { key: string; amount: number; currencyCode: string; state: "AUTHORIZED" | "CAPTURED" | "VOIDED" }>();
  readonly refunds = new Map<string, { amount: number; currencyCode: string }>();
  private readonly byKey = new Map<string, Authorization>();

  async authorize(request: { token: string; amount: number; currencyCode: string; idempotencyKey: string }): Promise<Authorization> {
    const earlier = this.byKey.get(request.idempotencyKey);
    if (earlier) return earlier;
    let result: Authorization;
    if (request.token === "tok_visa") {
      const authorizationId = `auth_${randomUUID()}`;
      this.authorizations.set(authorizationId, { key: request.idempotencyKey, amount: request.amount, currencyCode: request.currencyCode, state: "AUTHORIZED" });
      result = { status: "AUTHORIZED", authorizationId };
    } else if (request.token === "tok_declined") {
      result = { status: "DECLINED", reason: "The card was declined." };
    } else {
      result = { status: "DECLINED", reason: "Unknown payment token (test mode accepts tok_visa and tok_declined)." };
    }
    this.byKey.set(request.idempotencyKey, result);
    return result;
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
    if (!this.refunds.has(request.idempotencyKey)) this.refunds.set(request.idempotencyKey, { amount: request.amount, currencyCode: request.currencyCode });
  }
}
