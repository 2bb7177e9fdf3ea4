import { randomUUID } from "node:crypto";
import type { GraphQLDataSource } from "@apollo/gateway";
import {
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FieldNode,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from "graphql";
import type { CostConfig, OperationLimitsConfig, SubscriptionsConfig } from "../../lib/config.js";
import { estimateCost, readCostDirectives, type CostDirectives } from "../../lib/cost.js";
import { ErrorCode } from "../../lib/errors.js";
import type { Logger } from "../../lib/logger.js";
import { checkDeferUsage } from "../defer/document.js";
import { refusalFor } from "../plugins/limits.js";
import { runPlan, type PlanRunner, type SubscribedOperation } from "./execute.js";
import type { EventFeed, FeedEntry } from "./feed.js";
import type { Subscriber } from "./identity.js";
import { EVENT_VARIABLE, SubscriptionPlanner, type SubscriptionPlan } from "./planner.js";
import { STREAM_ID } from "./stream-id.js";
import type { PushStream } from "./stream.js";
import { Subscription } from "./subscription.js";
import { topicOf, topicsOf } from "./topics.js";

export { STREAM_ID };

/** One payload of a subscription, formatted as clients read it. */
export type SubscriptionPayload = FormattedExecutionResult & { [STREAM_ID]?: string };

export interface SubscribeRequest {
  subscriber: Subscriber;
  query: unknown;
  variables: unknown;
  operationName: unknown;
  /** Last-Event-ID of an SSE client coming back: what it missed after that is replayed first. */
  lastEventId?: string | null;
}

export interface HubDeps {
  /** Every domain event, on every instance; null when this gateway hears none (subscriptions are then refused). */
  feed: EventFeed | null;
  config: SubscriptionsConfig;
  /** The shape limits queries are held to (LIMIT_*); false when off. */
  limits: OperationLimitsConfig | false;
  /** COST_LIMIT and COST_DEFAULT_LIST_SIZE: what each event's run may cost, as a query. */
  cost: Pick<CostConfig, "limit" | "defaultListSize">;
  sources: () => Record<string, GraphQLDataSource>;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
  serviceSecret: string;
  deadlineMs: number;
  maxTokens: number;
  logger: Logger;
}

interface Served {
  schema: GraphQLSchema;
  sdl: string;
  /** The schema a contract's holders may use, by the contract's name. */
  contract: (name: string) => GraphQLSchema | null;
  planner: SubscriptionPlanner | null;
  /** @cost and @listSize of the supergraph, read on first use. */
  costDirectives: CostDirectives | null;
}

const refusal = (code: ErrorCode, message: string): { errors: GraphQLFormattedError[] } => ({
  errors: [{ message, extensions: { code } }],
});

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
    const checked = this.check(request, served);
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

  /** Parsed, validated and limited like a query; a subscription with one root field the gateway routes events to. */
  private check(
    request: SubscribeRequest,
    served: Served,
  ): { errors: GraphQLFormattedError[] } | { operation: SubscribedOperation; field: string; topic: string } {
    const { schema } = served;
    const { query, variables = {}, operationName } = request;
    if (typeof query !== "string" || query.length === 0) return refusal(ErrorCode.BAD_REQUEST, "Send the subscription as `query`.");
    if (variables !== null && (typeof variables !== "object" || Array.isArray(variables)))
      return refusal(ErrorCode.BAD_REQUEST, "`variables` must be an object.");
    if (operationName != null && typeof operationName !== "string")
      return refusal(ErrorCode.BAD_REQUEST, "`operationName` must be a string.");
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.deps.maxTokens });
    } catch (error) {
      const tooLong = /token limit/i.test((error as Error).message);
      return refusal(
        tooLong ? ErrorCode.MAX_TOKENS_EXCEEDED : ErrorCode.GRAPHQL_PARSE_FAILED,
        (error as Error).message.replace(/^Syntax Error: /, ""),
      );
    }
    const invalid = validate(schema, document);
    if (invalid.length > 0)
      return {
        errors: invalid.map((e) => ({
          message: e.message,
          locations: e.locations,
          extensions: { code: ErrorCode.GRAPHQL_VALIDATION_FAILED },
        })),
      };
    const operation = getOperationAST(document, operationName ?? undefined);
    if (!operation) return refusal(ErrorCode.BAD_REQUEST, "Name the operation to run (operationName).");
    if (operation.operation !== "subscription") {
      return refusal(ErrorCode.BAD_REQUEST, "Streams carry subscriptions; send queries and mutations to POST /graphql.");
    }
    if (operation.variableDefinitions?.some((v) => v.variable.name.value === EVENT_VARIABLE)) {
      return refusal(ErrorCode.BAD_USER_INPUT, `The variable name $${EVENT_VARIABLE} is reserved.`);
    }
    if (this.deps.limits) {
      const limited = refusalFor(document, operation, schema, this.deps.limits);
      if (limited) return refusal(limited.code, limited.message);
    }
    try {
      checkDeferUsage(document, operationName ?? undefined);
    } catch (error) {
      if (error instanceof GraphQLError) return { errors: [error.toJSON()] };
      throw error;
    }
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], (variables ?? {}) as Record<string, unknown>);
    if (coerced.errors)
      return { errors: coerced.errors.map((e) => ({ message: e.message, extensions: { code: ErrorCode.BAD_USER_INPUT } })) };
    // Each event runs the operation once, so each run is held to the cost limit a query is.
    served.costDirectives ??= readCostDirectives(parse(served.sdl));
    const { cost } = estimateCost(document, operation, coerced.coerced, {
      schema,
      directives: served.costDirectives,
      defaultListSize: this.deps.cost.defaultListSize,
    });
    if (cost > this.deps.cost.limit) {
      return refusal(
        ErrorCode.COST_LIMIT_EXCEEDED,
        `The subscription's estimated cost per event is ${cost}; at most ${this.deps.cost.limit} is accepted. Ask for smaller pages or fewer nested lists.`,
      );
    }
    // Validation allows a subscription one root field, maybe inside fragments; the field is what events are routed by.
    const root = rootField(operation.selectionSet.selections, document);
    const fieldDef = root ? schema.getSubscriptionType()?.getFields()[root.name.value] : undefined;
    if (!root || !fieldDef) return refusal(ErrorCode.BAD_REQUEST, "A subscription selects one subscription field.");
    const topic = topicOf(root.name.value, getArgumentValues(fieldDef, root, coerced.coerced));
    if (topic === null) return refusal(ErrorCode.BAD_REQUEST, `The gateway cannot deliver ${root.name.value}.`);
    return {
      operation: {
        document,
        operation,
        operationName: operationName ?? undefined,
        variables: coerced.coerced,
        rootKey: root.alias?.value ?? root.name.value,
      },
      field: root.name.value,
      topic,
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

/** The one field a subscription selects, through inline fragments and fragment spreads. */
function rootField(selections: readonly import("graphql").SelectionNode[], document: DocumentNode): FieldNode | null {
  for (const selection of selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith("__")) return selection;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const found = rootField(selection.selectionSet.selections, document);
      if (found) return found;
    } else {
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) {
        const found = rootField(fragment.selectionSet.selections, document);
        if (found) return found;
      }
    }
  }
  return null;
}
