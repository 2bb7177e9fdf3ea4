import type { GraphQLDataSource } from "@apollo/gateway";
import type { FormattedExecutionResult, GraphQLFormattedError } from "graphql";
import type { CostConfig, OperationLimitsConfig, SubscriptionsConfig } from "../../lib/config.js";
import type { Logger } from "../../lib/logger.js";
import type { EventFeed } from "./feed.js";
import type { Subscriber } from "./identity.js";
import type { STREAM_ID } from "./stream-id.js";

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
