import type { ApolloServerPlugin, GraphQLRequestListener } from "@apollo/server";
import type { DocumentNode } from "graphql";
import type { GatewayContext } from "../context.js";
import { checkDeferUsage } from "./document.js";

/** Documents already checked, by operation name: a client's repeated operation is looked at once. */
const checked = new WeakMap<DocumentNode, Set<string>>();

/**
 * Before planning: @defer where it cannot be honoured (a mutation, a subscription) or labelled so that parts could
 * not be told apart is a coded 400, whether or not the client reads multipart answers.
 */
export function deferRules(): ApolloServerPlugin<GatewayContext> {
  const hooks: GraphQLRequestListener<GatewayContext> = {
    async didResolveOperation({ document, source, operationName }) {
      if (source !== undefined && !source.includes("@defer")) return;
      const name = operationName ?? "";
      let names = checked.get(document);
      if (names?.has(name)) return;
      checkDeferUsage(document, operationName ?? undefined);
      if (!names) checked.set(document, (names = new Set()));
      names.add(name);
    },
  };
  return {
    async requestDidStart() {
      return hooks;
    },
  };
}
