import { Ctx, Directive, Query, Resolver } from "type-graphql";
import type { CustomerContext } from "../context.js";
import { Session, ViewerKind } from "../types/session.js";

@Resolver(() => Session)
export class SessionResolver {
  @Directive(`@tag(name: "partner")`)
  @Query(() => Session, { description: "Who is asking, through which channel and at which store: a kiosk learns its store here." })
  session(@Ctx() ctx: CustomerContext): Session {
    return {
      kind: ctx.viewer.kind.toUpperCase() as ViewerKind,
      channel: ctx.channel,
      store: ctx.storeId ? { id: ctx.storeId } : null,
    };
  }
}
