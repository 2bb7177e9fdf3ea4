// One settlement moving step by step: each step recorded compare-and-set on the state it last saw, with the fault
// points tests stop at, and what the live call knows that the record may not yet.
import type { SettlementStep, SettlementRecord } from "../../store/index.js";
import { SimulatedCrash, type FaultPoint, type SettlementServices } from "./types.js";

/** Someone else (a retry, the recovery worker) moved the settlement on: they answer for it now. */
export class Superseded extends Error {}

export function dueIn(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/** What the live call knows for sure: undefined means "ask the record, or the service, by key". */
export interface Known {
  reservationId?: string | null;
  authorizationId?: string | null;
}

/** Moves one settlement step by step, compare-and-set on the state it last saw. */
export class Run {
  constructor(
    private readonly services: SettlementServices,
    public current: SettlementRecord,
  ) {}

  fault(point: FaultPoint): void {
    if (this.services.faults?.(point, this.current)) throw new SimulatedCrash(point);
  }

  async advance(step: Omit<SettlementStep, "dueAt"> & { dueAt?: string | null }): Promise<SettlementRecord> {
    const next = await this.services.store.advanceSettlement(this.current.ref, this.current.state, this.current.attempt, {
      ...step,
      dueAt: step.dueAt === undefined ? dueIn(this.services.settings.recoveryAfterMs) : step.dueAt,
    });
    if (!next) throw new Superseded(`settlement "${this.current.ref}" moved on from ${this.current.state}`);
    this.current = next;
    this.fault(`after:${next.state}`);
    return next;
  }
}
