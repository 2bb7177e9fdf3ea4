import { demoCatalog, PRODUCT_COUNT, type DemoVariant } from "../../subgraphs/catalog/demo.js";
import { demoInteractions, demoServiceCases, type DemoInteraction } from "../../subgraphs/customer/demo/history.js";
import { accrueLoyalty, CUSTOMER_COUNT, demoAssociates, demoCustomers } from "../../subgraphs/customer/demo/people.js";
import { demoLocations, demoStock } from "../../subgraphs/inventory/demo.js";
import { demoCarts, type DemoCart } from "../../subgraphs/order/demo/carts.js";
import { demoOrders, ORDER_COUNT, type DemoOrder } from "../../subgraphs/order/demo/orders.js";
import type { CategoryRecord, ProductRecord } from "../../subgraphs/catalog/store/index.js";
import type { AssociateRecord, CustomerRecord, ServiceCaseRecord } from "../../subgraphs/customer/store/index.js";
import type { LocationRecord, StockRecord } from "../../subgraphs/inventory/store/index.js";
import { Random } from "./random.js";

/**
 * The demo retailer: one metro area (Chicago), its stores and distribution centers, catalog, customers, staff and a
 * year of orders across every channel. Each subgraph draws its own part (subgraphs/<name>/demo) by its own rules;
 * this composes them in dependency order (locations, catalog, stock, people, orders, loyalty, carts, history), so
 * the ids agree across the graph, and every subgraph's seed.ts takes its own slice of the one world. Deterministic:
 * no clock, no Math.random.
 *
 * A scale factor grows it for load tests (see `demoWorld`): the scale-1 world comes first, unchanged, and the rest
 * is appended after it.
 */

export { DEMO_NOW } from "./calendar.js";
export type { DemoCart, DemoInteraction, DemoOrder, DemoVariant };

export interface DemoWorld {
  locations: LocationRecord[];
  categories: CategoryRecord[];
  products: ProductRecord[];
  variants: DemoVariant[];
  stock: StockRecord[];
  customers: CustomerRecord[];
  associates: AssociateRecord[];
  orders: DemoOrder[];
  carts: DemoCart[];
  interactions: DemoInteraction[];
  serviceCases: ServiceCaseRecord[];
}

const SERVICE_CASE_COUNT = 24;

/**
 * The largest scale factor, as far as seeding Redis has been tried: at 200 (1.7M stock rows) `npm run seed` took about
 * a minute and 2.7 GB of memory, within Node's default heap. The ids would allow up to 454 (barcodes carry the
 * product number in five digits).
 */
export const MAX_SCALE = 200;

/** Open carts of one block of CUSTOMER_COUNT customers: the first twelve customers', and three anonymous shoppers'. */
function cartOwners(block: readonly CustomerRecord[]): (CustomerRecord | null)[] {
  return [...block.slice(0, 12), null, null, null];
}

function buildWorld(scale: number): DemoWorld {
  // One generator per part, so adding data to one part does not reshuffle the others. Each part draws its scale-1
  // share first, from the scale-1 share of what it depends on, and only then the rest: so the scale-1 world is the
  // first part of every larger one, ids included.
  const locations = demoLocations();
  const stores = locations.filter((l) => l.type === "STORE");
  const { categories, products, variants } = demoCatalog(new Random(1), PRODUCT_COUNT * scale);
  const baseVariantCount = products.slice(0, PRODUCT_COUNT).reduce((count, product) => count + product.variantSkus.length, 0);
  const baseVariants = variants.slice(0, baseVariantCount);
  // Sampling by shuffling the whole list is what the scale-1 world was drawn with; the rest draws a few at a time.
  const fromBase = (random: Random, count: number) => random.sample(baseVariants, count);
  const fromAll = (random: Random, count: number) => random.distinct(variants, count);

  const stockRandom = new Random(2);
  const stock = demoStock(stockRandom, locations, baseVariants);
  demoStock(stockRandom, locations, variants.slice(baseVariantCount), stock);

  const customers = demoCustomers(new Random(3), stores, CUSTOMER_COUNT * scale);
  const baseCustomers = customers.slice(0, CUSTOMER_COUNT);
  const moreCustomers = customers.slice(CUSTOMER_COUNT);
  const associates = demoAssociates(new Random(4), stores);

  // The extra orders are placed by the extra customers only: every customer has about as many orders at any scale,
  // and a scale-1 customer's history is the same at every scale.
  const orderRandom = new Random(5);
  const staffing = { locations, associates };
  const baseOrders = demoOrders(orderRandom, staffing, {
    count: ORDER_COUNT,
    customers: baseCustomers,
    lineVariants: fromBase,
    numberedBefore: 0,
  });
  const moreOrders =
    scale === 1
      ? []
      : demoOrders(orderRandom, staffing, {
          count: ORDER_COUNT * (scale - 1),
          customers: moreCustomers,
          lineVariants: fromAll,
          numberedBefore: ORDER_COUNT,
        });
  const orders = baseOrders.concat(moreOrders);
  accrueLoyalty(customers, orders);

  const cartRandom = new Random(6);
  let carts = demoCarts(cartRandom, cartOwners(baseCustomers), fromBase, 0);
  for (let block = 1; block < scale; block++) {
    const owners = cartOwners(customers.slice(block * CUSTOMER_COUNT, (block + 1) * CUSTOMER_COUNT));
    carts = carts.concat(demoCarts(cartRandom, owners, fromAll, carts.length));
  }

  const interactionRandom = new Random(7);
  let interactions = demoInteractions(
    interactionRandom,
    { customers: baseCustomers, variants: baseVariants, orders: baseOrders, locations, associates },
    0,
  );
  if (scale > 1) {
    const more = demoInteractions(
      interactionRandom,
      { customers: moreCustomers, variants, orders: moreOrders, locations, associates },
      interactions.length,
    );
    interactions = interactions.concat(more);
  }

  const caseRandom = new Random(8);
  let serviceCases = demoServiceCases(caseRandom, { customers: baseCustomers, orders: baseOrders, associates }, SERVICE_CASE_COUNT, 0);
  if (scale > 1) {
    const more = demoServiceCases(
      caseRandom,
      { customers: moreCustomers, orders: moreOrders, associates },
      SERVICE_CASE_COUNT * (scale - 1),
      SERVICE_CASE_COUNT,
    );
    serviceCases = serviceCases.concat(more);
  }
  return { locations, categories, products, variants, stock, customers, associates, orders, carts, interactions, serviceCases };
}

export interface DemoWorldOptions {
  /**
   * How many times the demo data to make, a whole number from 1 (the default) to MAX_SCALE. Products (and with them
   * variants and stock rows), customers and orders grow by this factor, and with the customers their carts, timelines
   * and service cases. Locations (12 stores, 2 distribution centers), categories and staff (42 associates) stay as
   * they are, so each store's pickup queue and each associate's attributed sales grow by the factor too.
   *
   * The scale-1 world is the first part of every larger one, with the same ids and data: "harbor-and-pine-cozy-tee",
   * "cust-001" and its orders, "store-01" answer the same at every scale. Ids keep their scale-1 widths and simply
   * grow longer past them (cust-999, cust-1000), so they stay unique but no longer sort by number.
   */
  scale?: number;
}

/** The scale-1 world, built once per process: tests and the in-memory stores read it again and again. */
let scaleOne: DemoWorld | undefined;
/**
 * Larger worlds take hundreds of megabytes: one is shared while anything still holds it (a seeding run builds it
 * once for all four subgraphs) and left to the garbage collector afterwards.
 */
const larger = new Map<number, WeakRef<DemoWorld>>();

/**
 * The demo world at `scale` (default 1). Treat it as read-only: each seed.ts copies what it stores, so a store's
 * writes never reach another store through shared objects.
 */
export function demoWorld(options: DemoWorldOptions = {}): DemoWorld {
  const scale = options.scale ?? 1;
  if (!Number.isInteger(scale) || scale < 1 || scale > MAX_SCALE) {
    throw new RangeError(`demo world scale must be a whole number from 1 to ${MAX_SCALE}, got ${scale}`);
  }
  if (scale === 1) return (scaleOne ??= buildWorld(1));
  let world = larger.get(scale)?.deref();
  if (!world) {
    world = buildWorld(scale);
    larger.set(scale, new WeakRef(world));
  }
  return world;
}
