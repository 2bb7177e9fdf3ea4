import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { Money } from "../../../lib/graphql/types.js";

// The customer subgraph owns associates; this subgraph adds the sales attributed to them.
@Directive(`@key(fields: "id")`)
@ObjectType("Associate", { description: "A store associate or call-center agent, as seen by ordering: the sales credited to them." })
export class Associate {
  @Field(() => ID, { description: "Opaque associate id." })
  id!: string;
}

@ObjectType("SalesSummary", { description: "Orders credited to an associate over a period, for cross-channel incentives." })
export class SalesSummary {
  @Field(() => Int, { description: "How many non-cancelled orders are credited to the associate." })
  orderCount!: number;

  @Field(() => Money, { description: "Sum of those orders' totals (merchandise plus shipping), before refunds." })
  total!: Money;
}
