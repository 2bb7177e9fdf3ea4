import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { SalesChannel } from "../../../lib/graphql/types.js";
import { Location } from "./location.js";

export enum ViewerKind {
  ANONYMOUS = "ANONYMOUS",
  CUSTOMER = "CUSTOMER",
  ASSOCIATE = "ASSOCIATE",
  AGENT = "AGENT",
  PARTNER = "PARTNER",
  KIOSK = "KIOSK",
  SERVICE = "SERVICE",
}

registerEnumType(ViewerKind, {
  name: "ViewerKind",
  description: "Who the gateway recognised in the request's credentials.",
  valuesConfig: {
    ANONYMOUS: { description: "No credentials: catalog, stock and anonymous carts only." },
    CUSTOMER: { description: "A signed-in shopper." },
    ASSOCIATE: { description: "Store staff, acting at their store." },
    AGENT: { description: "A call-center agent." },
    PARTNER: { description: "A partner integration (API key): the partner contract only." },
    KIOSK: { description: "An in-store kiosk (API key) with no shopper signed in." },
    SERVICE: { description: "Another Omnigraph service." },
  },
});

// Partners read it too: their key's channel is what their prices follow.
@Directive(`@tag(name: "partner")`)
@ObjectType("Session", { description: "What the graph knows about the current request: who, through which channel, at which store." })
export class Session {
  @Field(() => ViewerKind, { description: "Who is asking." })
  kind!: ViewerKind;

  @Field(() => SalesChannel, { description: "The channel of the request (x-channel, client name or API key)." })
  channel!: SalesChannel;

  @Field(() => Location, { nullable: true, description: "The store the request comes from: a kiosk's or an associate's store." })
  store!: Location | null;
}
