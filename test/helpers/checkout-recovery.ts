import { TestPaymentProvider } from "../../subgraphs/order/services/payments.js";

/** What the recovery stories use besides the graph: a patient poll, and a payment provider whose captures can fail. */

/** Polls `read` until `done` holds (generous: the machine is shared), then answers the last value. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A test-mode provider whose captures fail while `failingCaptures` is above zero, as a processor outage would. */
export class FlakyCaptures extends TestPaymentProvider {
  failingCaptures = 0;
  captureCalls = 0;
  override async capture(authorizationId: string): Promise<void> {
    this.captureCalls++;
    if (this.failingCaptures > 0) {
      this.failingCaptures--;
      throw new Error("payment processor unavailable");
    }
    return super.capture(authorizationId);
  }
}
