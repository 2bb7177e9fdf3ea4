import { TypedFastBitSet } from "typedfastbitset";
import { SalesChannel } from "../../../lib/channel.js";
import { FACET_NAMES, priceBandOrder, type FacetCount, type FacetFilter, type FacetName, type Faceted } from "./facets.js";

const CHANNELS = Object.values(SalesChannel);

/** The slots of the documents that have one facet value. */
type Postings = Map<string, TypedFastBitSet>;

/**
 * Facet postings: for every facet value, the set of document slots (small integers) that have it, as bitsets
 * (typedfastbitset: word-wide AND/OR and population counts, a few kilobytes per value at 22 000 products). Filters,
 * kept results and disjunctive facet counts are then a handful of bitset operations whatever the catalog's size,
 * instead of a pass over every matching document per request. Price bands are kept per channel, as each channel has
 * its own price list.
 */
export class FacetPostings {
  private readonly byFacet = new Map<Exclude<FacetName, "price">, Postings>(
    FACET_NAMES.filter((name) => name !== "price").map((name) => [name as Exclude<FacetName, "price">, new Map()]),
  );
  private readonly priceBands = new Map<SalesChannel, Postings>(CHANNELS.map((channel) => [channel, new Map()]));

  /** Files a document's values under its slot. */
  add(slot: number, item: Faceted): void {
    this.file(slot, item, (postings, value) => {
      let set = postings.get(value);
      if (!set) postings.set(value, (set = new TypedFastBitSet()));
      set.add(slot);
    });
  }

  /** Takes a document's values (as they were when added) off its slot; values left with no document go. */
  remove(slot: number, item: Faceted): void {
    this.file(slot, item, (postings, value) => {
      const set = postings.get(value);
      if (!set) return;
      set.remove(slot);
      if (set.isEmpty()) postings.delete(value);
    });
  }

  /** The slots passing one filter: having any of its values (none for an unknown value). */
  passing(filter: FacetFilter, channel: SalesChannel): TypedFastBitSet {
    const postings = this.postingsOf(filter.name as FacetName, channel);
    const passing = new TypedFastBitSet();
    for (const value of filter.values) {
      const set = postings.get(value);
      if (set) passing.union(set);
    }
    return passing;
  }

  /**
   * Applies the filters to `matched` (never changed): the slots kept, and the facet counts, disjunctive — each facet
   * counts the matched slots that pass every filter on *other* facets (two filters on one facet are one choice), so
   * a shopper can still widen a choice. Values most common first (then by value), price bands cheapest first.
   */
  apply(matched: TypedFastBitSet, filters: readonly FacetFilter[], channel: SalesChannel): { kept: TypedFastBitSet; facets: FacetCount[] } {
    const active = filters
      .filter((filter) => filter.values.length > 0)
      .map((filter) => ({ name: filter.name, passing: this.passing(filter, channel) }));
    const narrowed = (skip: string | null) => {
      const others = active.filter((filter) => filter.name !== skip);
      if (others.length === 0) return matched;
      const set = matched.new_intersection(others[0].passing);
      for (const filter of others.slice(1)) set.intersection(filter.passing);
      return set;
    };
    const facets = FACET_NAMES.map((name): FacetCount => {
      const base = narrowed(name);
      const values: FacetCount["values"] = [];
      for (const [value, set] of this.postingsOf(name, channel)) {
        const count = base.intersection_size(set);
        if (count > 0) values.push({ value, count });
      }
      values.sort((a, b) =>
        name === "price" ? priceBandOrder(a.value) - priceBandOrder(b.value) : b.count - a.count || a.value.localeCompare(b.value),
      );
      return { name, values };
    });
    return { kept: narrowed(null), facets };
  }

  private postingsOf(name: FacetName, channel: SalesChannel): Postings {
    return name === "price" ? this.priceBands.get(channel)! : this.byFacet.get(name)!;
  }

  private file(slot: number, item: Faceted, visit: (postings: Postings, value: string) => void): void {
    for (const [name, postings] of this.byFacet) for (const value of item.values[name]) visit(postings, value);
    for (const [channel, postings] of this.priceBands) for (const value of item.priceBands[channel]) visit(postings, value);
  }
}
