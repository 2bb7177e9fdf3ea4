import type { Logger } from "../../../lib/logger.js";
import { recoverNow, type SettlementServices } from "./settlement.js";

/** Settlements looked at per round; the rest wait for the next one. */
const BATCH = 50;

export interface RecoveryWorker {
  /** One round now: every due settlement this instance gets the lease of is finished or unwound (tests, shutdown). */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The recovery worker every order-subgraph instance runs: every `intervalMs` it lists the checkouts and till sales that
 * rested in one step past their due time (CHECKOUT_RECOVERY_AFTER_MS, or a capture's backoff) and, under a lease per
 * settlement so that one instance works each, finishes or unwinds them from their records (settlement.ts `resume`).
 * So a process that dies mid-checkout loses no stock and leaves no authorization open, and no cart stays locked.
 */
export function startRecoveryWorker(services: SettlementServices, logger: Logger, intervalMs: number): RecoveryWorker {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let round: Promise<number> | null = null;

  async function runRound(): Promise<number> {
    const due = await services.store.settlementsDue(new Date().toISOString(), BATCH);
    let recovered = 0;
    for (const settlement of due) {
      if (stopped) break;
      try {
        if (await recoverNow(services, logger, settlement.ref)) recovered++;
      } catch (error) {
        // Left as it is, due again: the next round tries again (a service may be down for a moment).
        logger.error("settlement recovery failed; retried next round", { ref: settlement.ref, state: settlement.state, error });
      }
    }
    return recovered;
  }

  function runOnce(): Promise<number> {
    round ??= runRound().finally(() => (round = null));
    return round;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(async () => {
      try {
        await runOnce();
      } catch (error) {
        logger.error("settlement recovery round failed", { error });
      }
      schedule();
    }, intervalMs);
    // The worker must never keep a process alive on its own.
    timer.unref();
  }

  schedule();
  return {
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await round?.catch(() => undefined);
    },
  };
}
