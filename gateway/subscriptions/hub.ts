import { randomUUID } from "node:crypto";
import type { DocumentNode, GraphQLFormattedError, GraphQLSchema } from "graphql";
import type { CostDirectives } from "../../lib/cost.js";
import { ErrorCode } from "../../lib/errors.js";
import { checkSubscription, refusal } from "./check.js";
import { runPlan, type PlanRunner, type SubscribedOperation } from "./execute.js";
import type { FeedEntry } from "./feed.js";
import { SubscriptionPlanner, type SubscriptionPlan } from "./planner.js";
import { STREAM_ID } from "./stream-id.js";
import type { PushStream } from "./stream.js";
import { Subscription } from "./subscription.js";
import { topicsOf } from "./topics.js";
import type { HubDeps, SubscribeRequest, SubscriptionPayload } from "./types.js";

export { STREAM_ID };
export type { HubDeps, SubscribeRequest, SubscriptionPayload };

interface Served {
  schema: GraphQLSchema;
  sdl: string;
  /** The schema a contract's holders may use, by the contract's name. */
  contract: (name: string) => GraphQLSchema | null;
  planner: SubscriptionPlanner | null;
  /** @cost and @listSize of the supergraph, read on first use. */
  costDirectives: CostDirectives | null;
}

/**
 * Subscriptions through the gateway. A subscription is validated and planned like a query; the plan is the owning
 * subgraph's fetch of the subscription field (the primary) and the other subgraphs' entity fetches (the rest). When
 * it starts, the primary is run once without an event, so the owning subgraph's access rules accept or refuse the
 * subscriber (another customer's order is NOT_FOUND, as the order query would have it). Then, for every domain event
 * on the subscription's topic, the primary is sent with the event and the rest of the plan follows, with the
 * subscriber's identity signed afresh, through the gateway's data sources: each payload is what that viewer may read
 * now. An event the owner answers with null says nothing to this subscriber and is not sent.
 */
export class SubscriptionHub {
  private served: Served | null = null;
  private readonly byTopic = new Map<string, Set<Subscription>>();
  private readonly perViewer = new Map<string, number>();
  private stopping = false;
  private readonly stopFeed: (() => void) | null;

  constructor(private readonly deps: HubDeps) {
    this.stopFeed = deps.feed?.listen((entry) => this.dispatch(entry)) ?? null;
  }

  /** The served supergraph and its API schema; called on every load and reload. The planner is built on first use. */
  serve(schema: GraphQLSchema, sdl: string, contract: (name: string) => GraphQLSchema | null): void {
    this.served = { schema, sdl, contract, planner: null, costDirectives: null };
  }

  /** Subscriptions running on this instance. */
  get size(): number {
    let count = 0;
    for (const subscriptions of this.byTopic.values()) count += subscriptions.size;
    return count;
  }

  /** Starts a subscription, or says with coded errors why not. */
  async open(
    request: SubscribeRequest,
  ): Promise<
    { errors: GraphQLFormattedError[] } | { stream: PushStream<SubscriptionPayload>; document: DocumentNode; schema: GraphQLSchema }
  > {
    const { subscriber } = request;
    if (this.stopping) return refusal(ErrorCode.SUBSCRIPTIONS_UNAVAILABLE, "This gateway is shutting down; subscribe again.");
    const served = this.served;
    if (!this.deps.feed || !served)
      return refusal(ErrorCode.SUBSCRIPTIONS_UNAVAILABLE, "This gateway cannot serve subscriptions: it hears no domain events.");
    if (subscriber.contract !== null) {
      // A contract without subscription fields (the partner contract) has none to offer.
      const contract = served.contract(subscriber.contract);
      if (!contract?.getSubscriptionType()) return refusal(ErrorCode.FORBIDDEN, "Subscriptions are not part of your contract.");
    }
    const checked = checkSubscription(request, served, this.deps);
    if ("errors" in checked) return checked;
    const { operation: op, field, topic } = checked;
    const count = this.perViewer.get(subscriber.limitKey) ?? 0;
    if (count >= this.deps.config.maxPerViewer) {
      return refusal(
        ErrorCode.SUBSCRIPTION_LIMIT_REACHED,
        `At most ${this.deps.config.maxPerViewer} subscriptions at once; end one first.`,
      );
    }
    // The place is held while the subscription is checked, so concurrent starts cannot pass the limit together.
    this.count(subscriber.limitKey, +1);
    try {
      return await this.start(request, served, op, field, topic);
    } finally {
      this.count(subscriber.limitKey, -1);
    }
  }

  private async start(
    request: SubscribeRequest,
    served: Served,
    op: SubscribedOperation,
    field: string,
    topic: string,
  ): Promise<
    { errors: GraphQLFormattedError[] } | { stream: PushStream<SubscriptionPayload>; document: DocumentNode; schema: GraphQLSchema }
  > {
    const { subscriber } = request;
    const feed = this.deps.feed!;
    // A subscription promised before the feed listens could miss the events it was promised.
    await feed.ready();
    const runner = this.runner(served);
    let plan: SubscriptionPlan;
    try {
      plan = runner.planner.plan(`${request.query as string}\n${op.operationName ?? ""}`, op.document, op.operationName);
    } catch (error) {
      this.deps.logger.error("subscription could not be planned", { error });
      return refusal(ErrorCode.INTERNAL_SERVER_ERROR, "Internal server error.");
    }
    // The owner's access rules, before anything is promised: a refusal ends the subscription here.
    const probe = await runPlan(runner, plan.probe, op, subscriber, randomUUID());
    if (probe.errors?.length) return { errors: [...probe.errors] };
    if (this.stopping) return refusal(ErrorCode.SUBSCRIPTIONS_UNAVAILABLE, "This gateway is shutting down; subscribe again.");

    const subscription = new Subscription(this.deps, runner, plan, op, subscriber, field);
    this.add(topic, subscription);
    subscription.stream.whenEnded(() => this.remove(topic, subscription));
    if (request.lastEventId) await subscription.replay(feed, request.lastEventId, topic, this.deps.config.replayMax);
    else subscription.live();
    return { stream: subscription.stream, document: op.document, schema: served.schema };
  }

  /** Ends every subscription (SIGTERM): each stream completes, and its client reconnects elsewhere. */
  async close(): Promise<void> {
    this.stopping = true;
    this.stopFeed?.();
    for (const subscriptions of [...this.byTopic.values()]) {
      for (const subscription of [...subscriptions]) {
        subscription.shutDown();
      }
    }
    await this.deps.feed?.close();
  }

  private runner(served: Served): PlanRunner {
    served.planner ??= new SubscriptionPlanner(served.sdl);
    const { deps } = this;
    return {
      planner: served.planner,
      schema: served.schema,
      // As they are at each run: a reloaded supergraph may replace a subgraph's source.
      get sources() {
        return deps.sources();
      },
      formatError: deps.formatError,
      serviceSecret: deps.serviceSecret,
      deadlineMs: deps.deadlineMs,
      logger: deps.logger,
    };
  }

  private add(topic: string, subscription: Subscription): void {
    let subscriptions = this.byTopic.get(topic);
    if (!subscriptions) this.byTopic.set(topic, (subscriptions = new Set()));
    subscriptions.add(subscription);
    this.count(subscription.subscriber.limitKey, +1);
  }

  private count(key: string, change: 1 | -1): void {
    const now = (this.perViewer.get(key) ?? 0) + change;
    if (now > 0) this.perViewer.set(key, now);
    else this.perViewer.delete(key);
  }

  private remove(topic: string, subscription: Subscription): void {
    const subscriptions = this.byTopic.get(topic);
    if (subscriptions?.delete(subscription) && subscriptions.size === 0) this.byTopic.delete(topic);
    this.count(subscription.subscriber.limitKey, -1);
  }

  private dispatch(entry: FeedEntry): void {
    for (const topic of topicsOf(entry.event)) {
      const subscriptions = this.byTopic.get(topic);
      if (subscriptions) for (const subscription of subscriptions) subscription.hear(entry);
    }
  }
}
