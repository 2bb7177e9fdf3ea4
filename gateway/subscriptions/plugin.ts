import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import { ErrorCode, OmnigraphError } from "../../lib/errors.js";
import type { GatewayContext } from "../context.js";

/**
 * Before planning: a subscription POSTed (or GET) to /graphql is a coded 400 naming where subscriptions are served;
 * @apollo/gateway's executor cannot run one, and would fail it as an internal error.
 */
export function subscriptionsElsewhere(): ApolloServerPlugin<GatewayContext> {
  const hooks: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ operation }) {
      if (operation?.operation !== "subscription") return;
      throw new OmnigraphError(
        ErrorCode.BAD_REQUEST,
        "Subscriptions are streamed: use GraphQL over SSE at /graphql/stream (Accept: text/event-stream) or GraphQL over WebSocket (graphql-transport-ws) on /graphql.",
        { http: { status: 400 } },
      );
    },
  };
  return {
    async requestDidStart() {
      return hooks;
    },
  };
}
