import type { IncomingMessage } from "node:http";
import { ApolloServer } from "@apollo/server";
import { describe, expect, it } from "vitest";
import type { Authenticator } from "../../gateway/auth.js";
import { buildContext, type GatewayContext } from "../../gateway/context.js";
import { SalesChannel } from "../../lib/channel.js";
import { createLogger, type Logger } from "../../lib/logger.js";

/** A logger that records its lines and counts the children made from it. */
function countingLogger() {
  const lines: Record<string, unknown>[] = [];
  const root = createLogger({ level: "info", write: (line) => lines.push(JSON.parse(line)) });
  const counts = { children: 0 };
  const logger: Logger = { ...root, child: (bindings) => (counts.children++, root.child(bindings)) };
  return { logger, lines, counts };
}

const customer: Authenticator = {
  authenticate: async () => ({ viewer: { kind: "customer", id: "cust-001" }, channel: SalesChannel.WEB, storeId: null }),
};
const request = { headers: {} } as IncomingMessage;

describe("a request's logger", () => {
  it("is made only when something logs under the request, even through Apollo's copy of the context", async () => {
    const { logger, lines, counts } = countingLogger();
    const context = await buildContext(request, "req-7", {
      authenticator: customer,
      serviceSecret: "s".repeat(32),
      logger,
      contract: null,
    });
    let seen: GatewayContext | undefined;
    const server = new ApolloServer<GatewayContext>({
      typeDefs: `type Query { quiet: Boolean loud: Boolean }`,
      resolvers: {
        Query: {
          quiet: (_parent: unknown, _args: unknown, ctx: GatewayContext) => ((seen = ctx), true),
          loud: (_parent: unknown, _args: unknown, ctx: GatewayContext) => (ctx.logger.warn("careful"), ctx.logger.info("twice"), true),
        },
      },
    });
    await server.start();
    try {
      await server.executeOperation({ query: "{ quiet }" }, { contextValue: context });
      expect(seen).toBeDefined();
      expect(seen).not.toBe(context);
      expect(counts.children).toBe(0);
      await server.executeOperation({ query: "{ loud }" }, { contextValue: context });
      expect(counts.children).toBe(1);
      expect(lines).toMatchObject([
        { level: "warn", msg: "careful", requestId: "req-7", viewer: "customer" },
        { level: "info", msg: "twice", requestId: "req-7", viewer: "customer" },
      ]);
    } finally {
      await server.stop();
    }
  });
});
