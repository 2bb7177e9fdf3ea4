import type { GraphQLDataSource } from "@apollo/gateway";
import type { GatewayExecutor, GatewayInterface } from "@apollo/server-gateway-interface";
import { execute, Kind, type DocumentNode, type GraphQLFormattedError, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { acceptsDeferredParts } from "./accept.js";
import type { DeferredDelivery } from "./delivery.js";
import { withDeferDirective } from "./directive.js";
import { deferredOperation } from "./document.js";
import { executeDeferred } from "./execute.js";
import { DeferPlanner } from "./planner.js";

/** `__schema` or `__type` anywhere (not `__typename`): the operation asks for introspection. */
const INTROSPECTION = /__(?:schema|type)\b/;

/** Whether the operation's top-level fields are all introspection (`__schema`, `__type`, `__typename`). */
function onlyIntrospection(document: DocumentNode, operationName: string | undefined): boolean {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && (operationName === undefined || d.name?.value === operationName),
  );
  return operation !== undefined && operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith("__"));
}

export interface DeferOptions {
  /** The gateway's data sources by subgraph name, as they are now (a reloaded supergraph may replace them). */
  sources: () => Record<string, GraphQLDataSource>;
  /** The server's formatError, applied to the errors of every deferred part. */
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
}

/**
 * Where a request's deferred parts wait for the HTTP handler. Apollo Server hands the executor a copy of the context
 * (its own properties copied), so the parts go in a box the copy shares with the original the handler holds.
 */
const SLOT = Symbol("deferred parts");
interface Slot {
  delivery: DeferredDelivery | null;
}

/** The context, able to carry deferred parts back to the handler (enumerable, so Apollo's copy shares the box). */
export function withDeferSlot<T extends object>(context: T): T {
  Object.defineProperty(context, SLOT, { value: { delivery: null } satisfies Slot, enumerable: true });
  return context;
}

/** The parts still to send for this request, when its operation was deferred. */
export function deferredPartsOf(context: object): DeferredDelivery | null {
  return (context as { [SLOT]?: Slot })[SLOT]?.delivery ?? null;
}

/**
 * @apollo/gateway, with @defer: the schema it serves declares the directive, and an operation that defers fragments,
 * asked by a client that reads multipart answers, is planned with defer support and executed part by part (see
 * execute.ts). Every other operation, and a deferred one whose client reads only JSON, goes to the gateway's own
 * executor unchanged: its planner drops @defer, so the answer comes whole.
 */
export function deferringGateway(inner: GatewayInterface, options: DeferOptions): GatewayInterface {
  let planner: DeferPlanner | null = null;
  let supergraph: { sdl: string; apiSchema: GraphQLSchema } | null = null;
  const plannerNow = (): DeferPlanner | null => {
    if (!supergraph) return null;
    // Built on the first deferred operation after each supergraph: a second planner costs memory and start-up time.
    if (!planner) planner = new DeferPlanner(supergraph.sdl, supergraph.apiSchema);
    return planner;
  };
  inner.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    supergraph = { sdl: coreSupergraphSdl, apiSchema: withDeferDirective(apiSchema) };
    planner = null;
  });

  const wrap =
    (executor: GatewayExecutor): GatewayExecutor =>
    async (requestContext) => {
      const { source, document, request, queryHash } = requestContext;
      const mayDefer = source === undefined || source.includes("@defer");
      // The gateway answers introspection from a schema of its own, without @defer: such operations are run here.
      const introspects = source === undefined || INTROSPECTION.test(source);
      if (!mayDefer && !introspects) return executor(requestContext);
      const slot = (requestContext.context as { [SLOT]?: Slot })[SLOT];
      const inParts = slot !== undefined && mayDefer && acceptsDeferredParts(request.http?.headers.get("accept"));
      if (!inParts && !introspects) return executor(requestContext);
      // Introspection alone needs no planner: it is answered from the served schema, as graphql-js answers it.
      if (introspects && !inParts && supergraph && onlyIntrospection(document, request.operationName)) {
        return execute({ schema: supergraph.apiSchema, document, operationName: request.operationName, variableValues: request.variables });
      }
      const operation = deferredOperation(document, request.operationName, request.variables ?? {}, inParts);
      if (operation.fragments.length === 0 && !introspects) return executor(requestContext);
      const deferPlanner = plannerNow();
      if (!deferPlanner) return executor(requestContext);
      const planKey = `${queryHash}\n${request.operationName ?? ""}\n${operation.signature}`;
      const { result, delivery } = await executeDeferred(
        requestContext,
        { planner: deferPlanner, operation, sources: options.sources(), formatError: options.formatError },
        planKey,
      );
      if (delivery && slot) {
        slot.delivery = delivery;
        // The first part is not the whole answer: no cache may keep it (the response cache stores only max-age > 0).
        requestContext.overallCachePolicy.restrict({ maxAge: 0 });
      }
      return result;
    };

  return {
    onSchemaLoadOrUpdate: (callback) =>
      inner.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) =>
        callback({ apiSchema: withDeferDirective(apiSchema), coreSupergraphSdl }),
      ),
    async load(loadOptions) {
      const loaded = await inner.load(loadOptions);
      return { ...loaded, executor: loaded.executor ? wrap(loaded.executor) : null };
    },
    stop: () => inner.stop(),
  };
}
