import { FieldResolver, Resolver, Root } from "type-graphql";
import { Money, toMoney } from "../../../lib/graphql/types.js";
import type { OrderLineRecord, ReturnWithOrder } from "../store/index.js";
import { Location } from "../types/location.js";
import { OrderLine } from "../types/order.js";
import { Return } from "../types/return.js";
import { orderLine, ref } from "./values.js";

@Resolver(() => Return)
export class ReturnResolver {
  @FieldResolver(() => Location, { nullable: true, description: "The store the goods are brought to; null for returns by mail." })
  dropOffLocation(@Root() ret: ReturnWithOrder) {
    return ref(ret.dropOffLocationId);
  }

  @FieldResolver(() => [OrderLine], {
    description: "The returned lines: quantity is the units returned, total their value at the price paid.",
  })
  lines(@Root() ret: ReturnWithOrder): OrderLine[] {
    const { order } = ret;
    const byId = new Map<string, OrderLineRecord>(order.lines.map((line) => [line.id, line]));
    return ret.lines.flatMap((returned) => {
      const line = byId.get(returned.orderLineId);
      return line ? [orderLine(line, order.currencyCode, returned.quantity)] : [];
    });
  }

  @FieldResolver(() => Money, { nullable: true, description: "Money refunded; null until the goods are received." })
  refund(@Root() ret: ReturnWithOrder): Money | null {
    return ret.refund === null ? null : toMoney({ cents: ret.refund, currencyCode: ret.order.currencyCode });
  }
}
