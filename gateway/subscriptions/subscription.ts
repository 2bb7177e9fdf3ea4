import { randomUUID } from "node:crypto";
import type { FormattedExecutionResult } from "graphql";
import { ErrorCode } from "../../lib/errors.js";
import { runPlan, viewerKeyOf, type PlanRunner, type SubscribedOperation } from "./execute.js";
import { compareIds, type EventFeed, type FeedEntry } from "./feed.js";
import { STREAM_ID } from "./stream-id.js";
import type { Subscriber } from "./identity.js";
import { EVENT_VARIABLE, type SubscriptionPlan } from "./planner.js";
import { PushStream } from "./stream.js";
import { topicsOf } from "./topics.js";
import type { HubDeps, SubscriptionPayload } from "./types.js";

/**
 * Payloads answered for the same viewer, operation and event, shared by their subscriptions: a screen open on many
 * devices of one person costs one run per event, not one per device.
 */
const shared = new WeakMap<FeedEntry, Map<string, Promise<FormattedExecutionResult>>>();

/** One client's subscription: its events resolved in order, one at a time, into its stream. */
export class Subscription {
  readonly stream = new PushStream<SubscriptionPayload>();
  /** Events heard while the replay was being read: delivered after it, without the ones it already had. */
  private held: FeedEntry[] | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly expiry: NodeJS.Timeout | null = null;
  private readonly startedAt = performance.now();
  private delivered = 0;
  private outcome = "client-gone";
  private readonly shareKey: string;

  constructor(
    private readonly deps: HubDeps,
    private readonly runner: PlanRunner,
    private readonly plan: SubscriptionPlan,
    private readonly op: SubscribedOperation,
    readonly subscriber: Subscriber,
    private readonly field: string,
  ) {
    this.shareKey = `${viewerKeyOf(subscriber)}\n${print(op)}`;
    if (subscriber.expiresAt !== null) {
      // setTimeout holds at most 2^31-1 ms (about 24 days); a longer-lived token is checked again per event.
      const wait = Math.min(Math.max(0, subscriber.expiresAt - Date.now()), 2 ** 31 - 1);
      this.expiry = setTimeout(() => this.expire(), wait);
      this.expiry.unref();
    }
    this.stream.whenEnded(() => {
      if (this.expiry) clearTimeout(this.expiry);
      deps.logger.info("subscription ended", {
        field,
        viewer: subscriber.viewer.kind,
        operationName: op.operationName ?? null,
        events: this.delivered,
        outcome: this.outcome,
        durationMs: Math.round(performance.now() - this.startedAt),
      });
    });
  }

  live(): void {
    this.held = null;
  }

  /** What the client missed after `lastEventId` on this topic, then what was heard meanwhile, in order. */
  async replay(feed: EventFeed, lastEventId: string, topic: string, limit: number): Promise<void> {
    this.held = [];
    let last = lastEventId;
    try {
      for (const entry of await feed.since(lastEventId, limit)) {
        last = entry.id;
        if (topicsOf(entry.event).includes(topic)) this.enqueue(entry);
      }
    } catch (error) {
      this.deps.logger.warn("missed events could not be read; the subscription continues live", { error });
    }
    const held = this.held;
    this.held = null;
    for (const entry of held) if (compareIds(entry.id, last) > 0) this.enqueue(entry);
  }

  hear(entry: FeedEntry): void {
    if (this.held) this.held.push(entry);
    else this.enqueue(entry);
  }

  private enqueue(entry: FeedEntry): void {
    this.chain = this.chain.then(() => this.deliver(entry));
  }

  private expire(): void {
    this.outcome = "token-expired";
    this.stream.end({
      errors: [{ message: "The token has expired. Sign in again and subscribe again.", extensions: { code: ErrorCode.UNAUTHENTICATED } }],
    });
  }

  private async deliver(entry: FeedEntry): Promise<void> {
    if (this.stream.isEnded) return;
    if (this.subscriber.expiresAt !== null && Date.now() >= this.subscriber.expiresAt) return this.expire();
    let result: FormattedExecutionResult;
    try {
      result = await this.resolve(entry);
    } catch (error) {
      this.deps.logger.error("subscription event could not be resolved", { field: this.field, eventId: entry.event.id, error });
      result = { data: null, errors: [{ message: "Internal server error.", extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }] };
    }
    // Null without errors: the owner says this event is nothing to this subscriber.
    if (!result.errors?.length && (result.data?.[this.op.rootKey] ?? null) === null) return;
    if (this.stream.isEnded) return;
    this.delivered++;
    this.stream.push({ ...result, [STREAM_ID]: entry.id });
  }

  private resolve(entry: FeedEntry): Promise<FormattedExecutionResult> {
    let answers = shared.get(entry);
    if (!answers) shared.set(entry, (answers = new Map()));
    let answer = answers.get(this.shareKey);
    if (!answer) {
      const node = this.plan.rest ? { kind: "Sequence" as const, nodes: [this.plan.primary, this.plan.rest] } : this.plan.primary;
      answer = runPlan(this.runner, node, this.op, this.subscriber, `${entry.event.id}:${randomUUID().slice(0, 8)}`, {
        [EVENT_VARIABLE]: JSON.stringify(entry.event),
      });
      answers.set(this.shareKey, answer);
    }
    return answer;
  }

  /** Ends the stream because the gateway stops (its log line says so). */
  shutDown(): void {
    this.outcome = "shutdown";
    this.stream.end();
  }
}

function print(op: SubscribedOperation): string {
  return JSON.stringify([op.operationName ?? null, op.variables, op.document.loc?.source.body ?? ""]);
}
