import { FieldResolver, Resolver, Root } from "type-graphql";
import { Money, toMoney } from "../../../lib/graphql/types.js";
import type { OrderLineRecord, ReturnWithOrder } from "../store/index.js";
import { Location } from "../types/location.js";
import { OrderLine } from "../types/order.js";
import { ItemCondition, Return, ReturnDisposition, ReturnItem, ReturnLabel, ReturnReason } from "../types/return.js";
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

  @FieldResolver(() => [ReturnItem], {
    description: "What comes back, line by line: units, the condition the customer stated and, once received, the disposition.",
  })
  items(@Root() ret: ReturnWithOrder): ReturnItem[] {
    return ret.lines.map((line) => ({
      orderLineId: line.orderLineId,
      quantity: line.quantity,
      condition: (line.condition ?? null) as ItemCondition | null,
      disposition: (line.disposition ?? (ret.status === "REQUESTED" ? null : "RESTOCK")) as ReturnDisposition | null,
    }));
  }

  @FieldResolver(() => ReturnReason, {
    description: "Why the customer sends the goods back; OTHER for returns asked for before reasons were recorded.",
  })
  reason(@Root() ret: ReturnWithOrder): ReturnReason {
    return (ret.reason ?? "OTHER") as ReturnReason;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "A mail return's authorization code, written on the parcel: RMA-, the order number's digits and the mail return's count on that order (RMA-100123-1); null in store.",
  })
  rma(@Root() ret: ReturnWithOrder): string | null {
    return ret.rma ?? null;
  }

  @FieldResolver(() => ReturnLabel, { nullable: true, description: "A mail return's prepaid shipping label; null in store." })
  label(@Root() ret: ReturnWithOrder): ReturnLabel | null {
    return ret.label ?? null;
  }

  @FieldResolver(() => Money, { nullable: true, description: "Money refunded; null until the goods are received." })
  refund(@Root() ret: ReturnWithOrder): Money | null {
    return ret.refund === null ? null : toMoney({ cents: ret.refund, currencyCode: ret.order.currencyCode });
  }
}
