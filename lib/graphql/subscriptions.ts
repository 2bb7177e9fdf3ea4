import type { PubSub } from "type-graphql";
import type { DomainEvent, DomainEventType } from "../events.js";
import { ErrorCode, OmnigraphError } from "../errors.js";

/**
 * Subgraphs declare subscription fields but never stream them: the gateway listens to the domain events and, per
 * event and subscriber, runs the field's fetch with the event as its @inaccessible `event` argument (see
 * gateway/subscriptions/). So a subgraph resolves a subscription field like a query field — who may see what,
 * loaders, nested fields — and its `subscribe` is never called; type-graphql still wants a PubSub to build the schema.
 */
export const NO_PUBSUB: PubSub = {
  publish() {
    throw new Error("subgraphs do not publish to subscriptions: domain events go on the event bus");
  },
  subscribe() {
    return refuseDirectSubscription();
  },
};

/** A subscription field's `subscribe`: this subgraph does not stream; clients subscribe through the gateway. */
export function refuseDirectSubscription(): never {
  throw new OmnigraphError(ErrorCode.BAD_REQUEST, "Subscribe through the gateway.");
}

export const EVENT_ARGUMENT_DESCRIPTION =
  "Set by the gateway only (not in the public graph): the domain event, as JSON, this payload answers. Without it the field checks that the viewer may subscribe and answers null.";

/**
 * The domain event the gateway passed, when it is one of `types`; null otherwise (no event: the gateway is checking
 * access at subscribe time). The argument is @inaccessible and the request signed by the gateway, so it is trusted
 * to be well-formed; what a payload shows is still read from the store under the viewer's rules, never from it.
 */
export function eventArgument<T extends DomainEventType>(
  json: string | null | undefined,
  types: readonly T[],
): Extract<DomainEvent, { type: T }> | null {
  if (json == null) return null;
  let event: unknown;
  try {
    event = JSON.parse(json);
  } catch {
    throw new OmnigraphError(ErrorCode.BAD_USER_INPUT, "The event argument is not JSON.");
  }
  const type = (event as { type?: unknown } | null)?.type;
  return typeof type === "string" && (types as readonly string[]).includes(type) ? (event as Extract<DomainEvent, { type: T }>) : null;
}
