import { distanceKm } from "../geo.js";
import { SalesChannel } from "../channel.js";
import { Random } from "./random.js";

/**
 * The demo retailer: one metro area (Chicago), its stores and distribution centers, catalog, customers, staff and a
 * year of orders across every channel. Every subgraph's seed.ts takes its own slice of this one world, so the ids
 * agree across the graph. Deterministic: no clock, no Math.random.
 *
 * A scale factor grows it for load tests (see `demoWorld`): the scale-1 world comes first, unchanged, and the rest
 * is appended after it.
 */

/** The moment the demo world was "captured"; every seeded timestamp is before it. */
export const DEMO_NOW = Date.parse("2026-11-01T12:00:00.000Z");
const DAY = 86_400_000;
const HOUR = 3_600_000;

export type LocationKind = "STORE" | "DISTRIBUTION_CENTER";
export type Capability = "PICKUP" | "CURBSIDE" | "SHIP_FROM_STORE" | "RETURNS";

export interface DemoLocation {
  id: string;
  name: string;
  type: LocationKind;
  address: { line1: string; line2: string | null; city: string; region: string; postalCode: string; country: string };
  geo: { lat: number; lng: number };
  openingHours: { day: number; opens: string; closes: string }[];
  capabilities: Capability[];
  pickupLeadTimeMinutes: number | null;
}

export interface DemoCategory {
  id: string;
  name: string;
  parentId: string | null;
}

/** Prices in cents for one channel's price list. */
export interface ChannelPrice {
  price: number;
  compareAtPrice: number | null;
}

export interface DemoVariant {
  sku: string;
  productId: string;
  barcode: string;
  title: string;
  selectedOptions: { name: string; value: string }[];
  prices: Record<SalesChannel, ChannelPrice>;
}

export interface DemoProduct {
  id: string;
  handle: string;
  title: string;
  description: string;
  brand: string;
  categoryId: string;
  images: { url: string; alt: string }[];
  options: { name: string; values: string[] }[];
  createdAt: string;
  variantSkus: string[];
}

export interface DemoStock {
  locationId: string;
  sku: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  updatedAt: string;
}

export interface DemoCustomer {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  addresses: DemoLocation["address"][];
  preferredStoreId: string | null;
  loyaltyNumber: string;
  loyaltyPoints: number;
  createdAt: string;
}

export type AssociateRoleName = "STORE_ASSOCIATE" | "STORE_MANAGER" | "CALL_CENTER_AGENT";

export interface DemoAssociate {
  id: string;
  name: string;
  role: AssociateRoleName;
  homeStoreId: string | null;
}

export type FulfillmentMethodName = "SHIP_TO_HOME" | "PICKUP_IN_STORE" | "CURBSIDE";
export type FulfillmentStatusName =
  "PENDING" | "PICKING" | "READY_FOR_PICKUP" | "CUSTOMER_ARRIVED" | "PICKED_UP" | "SHIPPED" | "DELIVERED" | "CANCELLED";
export type OrderStatusName = "PLACED" | "IN_PROGRESS" | "PARTIALLY_FULFILLED" | "FULFILLED" | "CANCELLED";

export interface DemoOrderLine {
  id: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  fulfillmentId: string | null;
}

export interface DemoFulfillment {
  id: string;
  method: FulfillmentMethodName;
  originId: string | null;
  pickupLocationId: string | null;
  status: FulfillmentStatusName;
  pickupCode: string | null;
  trackingNumber: string | null;
  lineIds: string[];
}

export interface DemoReturn {
  id: string;
  method: "IN_STORE" | "MAIL";
  dropOffLocationId: string | null;
  status: "REQUESTED" | "RECEIVED" | "REFUNDED";
  lines: { orderLineId: string; quantity: number }[];
  refund: number | null;
  requestedAt: string;
  receivedAt: string | null;
}

export interface DemoOrderEvent {
  type: string;
  at: string;
  channel: SalesChannel | null;
  locationId: string | null;
}

export interface DemoAttribution {
  channel: SalesChannel;
  locationId: string | null;
  associateId: string | null;
}

export interface DemoOrder {
  id: string;
  number: string;
  customerId: string | null;
  channel: SalesChannel;
  placedAt: string;
  status: OrderStatusName;
  lines: DemoOrderLine[];
  shippingTotal: number;
  shippingAddress: DemoLocation["address"] | null;
  attribution: DemoAttribution;
  fulfillments: DemoFulfillment[];
  returns: DemoReturn[];
  events: DemoOrderEvent[];
}

export interface DemoCart {
  id: string;
  customerId: string | null;
  createdChannel: SalesChannel;
  lastActiveChannel: SalesChannel;
  lines: { id: string; sku: string; quantity: number; method: FulfillmentMethodName; locationId: string | null }[];
  attribution: DemoAttribution | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type InteractionTypeName =
  | "PRODUCT_VIEWED"
  | "CART_UPDATED"
  | "ORDER_PLACED"
  | "ORDER_PICKED_UP"
  | "RETURN_REQUESTED"
  | "RETURN_RECEIVED"
  | "STORE_VISIT"
  | "SERVICE_CONTACT"
  | "STORE_PURCHASE";

export interface DemoInteraction {
  id: string;
  customerId: string;
  type: InteractionTypeName;
  channel: SalesChannel;
  occurredAt: string;
  summary: string;
  locationId: string | null;
  associateId: string | null;
  orderId: string | null;
  sku: string | null;
}

export interface DemoServiceCase {
  id: string;
  customerId: string;
  subject: string;
  status: "OPEN" | "PENDING" | "RESOLVED";
  openedVia: SalesChannel;
  openedAt: string;
  orderId: string | null;
  notes: { authorId: string; body: string; channel: SalesChannel; createdAt: string }[];
}

export interface DemoWorld {
  locations: DemoLocation[];
  categories: DemoCategory[];
  products: DemoProduct[];
  variants: DemoVariant[];
  stock: DemoStock[];
  customers: DemoCustomer[];
  associates: DemoAssociate[];
  orders: DemoOrder[];
  carts: DemoCart[];
  interactions: DemoInteraction[];
  serviceCases: DemoServiceCase[];
}

const iso = (ms: number) => new Date(ms).toISOString();
const pad = (n: number, width: number) => String(n).padStart(width, "0");

// ───────────────────────── locations ─────────────────────────

const STORE_HOURS = [0, 1, 2, 3, 4, 5, 6].map((day) =>
  day === 0 ? { day, opens: "10:00", closes: "18:00" } : { day, opens: "09:00", closes: "21:00" },
);

// name, street, city, zip, lat, lng, curbside, ship-from-store
const STORES: [string, string, string, string, number, number, boolean, boolean][] = [
  ["State Street", "108 N State St", "Chicago", "60602", 41.8837, -87.6278, false, true],
  ["Lincoln Park", "2130 N Clybourn Ave", "Chicago", "60614", 41.9214, -87.6513, false, true],
  ["Wicker Park", "1543 N Milwaukee Ave", "Chicago", "60622", 41.9088, -87.6796, false, false],
  ["Lakeview", "3201 N Broadway", "Chicago", "60657", 41.9398, -87.6449, false, false],
  ["Hyde Park", "1500 E 53rd St", "Chicago", "60615", 41.7995, -87.589, true, false],
  ["Evanston", "1620 Sherman Ave", "Evanston", "60201", 42.0451, -87.6823, true, false],
  ["Oak Park", "1101 Lake St", "Oak Park", "60301", 41.8885, -87.802, true, false],
  ["Skokie Old Orchard", "4999 Old Orchard Rd", "Skokie", "60077", 42.0594, -87.749, true, true],
  ["Schaumburg Woodfield", "5 Woodfield Mall", "Schaumburg", "60173", 42.0458, -88.0373, true, true],
  ["Oak Brook", "100 Oakbrook Ctr", "Oak Brook", "60523", 41.85, -87.953, true, false],
  ["Naperville", "22 W Jefferson Ave", "Naperville", "60540", 41.773, -88.148, true, true],
  ["Orland Park", "288 Orland Square Dr", "Orland Park", "60462", 41.621, -87.853, true, false],
];

function buildLocations(): DemoLocation[] {
  const stores = STORES.map(([name, line1, city, postalCode, lat, lng, curbside, shipFromStore], index) => ({
    id: `store-${pad(index + 1, 2)}`,
    name: `Omnigraph ${name}`,
    type: "STORE" as const,
    address: { line1, line2: null, city, region: "IL", postalCode, country: "US" },
    geo: { lat, lng },
    openingHours: STORE_HOURS,
    capabilities: ["PICKUP", ...(curbside ? ["CURBSIDE"] : []), ...(shipFromStore ? ["SHIP_FROM_STORE"] : []), "RETURNS"] as Capability[],
    pickupLeadTimeMinutes: [60, 90, 120][index % 3],
  }));
  const dcs: DemoLocation[] = [
    {
      id: "dc-01",
      name: "Omnigraph Joliet Distribution Center",
      type: "DISTRIBUTION_CENTER",
      address: { line1: "2400 Channahon Rd", line2: null, city: "Joliet", region: "IL", postalCode: "60436", country: "US" },
      geo: { lat: 41.4936, lng: -88.136 },
      openingHours: [],
      capabilities: [],
      pickupLeadTimeMinutes: null,
    },
    {
      id: "dc-02",
      name: "Omnigraph Elk Grove Distribution Center",
      type: "DISTRIBUTION_CENTER",
      address: { line1: "1800 Busse Rd", line2: null, city: "Elk Grove Village", region: "IL", postalCode: "60007", country: "US" },
      geo: { lat: 42.0039, lng: -87.9703 },
      openingHours: [],
      capabilities: [],
      pickupLeadTimeMinutes: null,
    },
  ];
  return [...stores, ...dcs];
}

// ───────────────────────── catalog ─────────────────────────

interface Family {
  categoryId: string;
  nouns: string[];
  brands: string[];
  basePrice: [number, number];
  options: { name: string; values: string[]; pick: [number, number] }[];
}

const COLORS = ["Black", "White", "Navy", "Olive", "Rust", "Heather Grey", "Sand", "Forest", "Burgundy", "Sky"];
const APPAREL_SIZES = ["XS", "S", "M", "L", "XL"];
const ADJECTIVES = [
  "Classic",
  "Everyday",
  "Lakefront",
  "Heritage",
  "Urban",
  "Lightweight",
  "Cozy",
  "Trail",
  "Studio",
  "Essential",
  "Windy City",
  "Prairie",
];

const CATEGORY_TREE: [string, string, string | null][] = [
  ["apparel", "Apparel", null],
  ["mens-tops", "Men's Tops", "apparel"],
  ["womens-tops", "Women's Tops", "apparel"],
  ["outerwear", "Outerwear", "apparel"],
  ["footwear", "Footwear", "apparel"],
  ["home", "Home", null],
  ["kitchen", "Kitchen", "home"],
  ["bedding", "Bedding", "home"],
  ["decor", "Decor", "home"],
  ["electronics", "Electronics", null],
  ["audio", "Audio", "electronics"],
  ["tech-accessories", "Tech Accessories", "electronics"],
  ["outdoors", "Outdoors", null],
  ["camping", "Camping", "outdoors"],
  ["cycling", "Cycling", "outdoors"],
];

const FAMILIES: Family[] = [
  {
    categoryId: "mens-tops",
    nouns: ["Tee", "Oxford Shirt", "Henley", "Polo", "Flannel Shirt", "Crewneck Sweater"],
    brands: ["Northline", "Harbor & Pine"],
    basePrice: [1800, 6900],
    options: [
      { name: "Size", values: APPAREL_SIZES, pick: [3, 5] },
      { name: "Color", values: COLORS, pick: [1, 2] },
    ],
  },
  {
    categoryId: "womens-tops",
    nouns: ["Tee", "Blouse", "Tunic", "Cardigan", "Tank", "Wrap Top"],
    brands: ["Wren & Lake", "Northline"],
    basePrice: [1800, 7900],
    options: [
      { name: "Size", values: APPAREL_SIZES, pick: [3, 5] },
      { name: "Color", values: COLORS, pick: [1, 2] },
    ],
  },
  {
    categoryId: "outerwear",
    nouns: ["Puffer Jacket", "Rain Shell", "Parka", "Fleece Jacket", "Quilted Vest"],
    brands: ["Trailmark", "Harbor & Pine"],
    basePrice: [5900, 24900],
    options: [
      { name: "Size", values: APPAREL_SIZES, pick: [3, 4] },
      { name: "Color", values: COLORS, pick: [1, 2] },
    ],
  },
  {
    categoryId: "footwear",
    nouns: ["Runner", "Chelsea Boot", "Sneaker", "Trail Shoe", "Loafer"],
    brands: ["Stride Co.", "Trailmark"],
    basePrice: [4900, 17900],
    options: [
      { name: "Size", values: ["7", "8", "9", "10", "11", "12"], pick: [4, 6] },
      { name: "Color", values: COLORS, pick: [1, 1] },
    ],
  },
  {
    categoryId: "kitchen",
    nouns: ["Chef's Knife", "Dutch Oven", "Cast Iron Skillet", "Mixing Bowl Set", "Electric Kettle", "Pour-Over Set"],
    brands: ["Kettle & Co", "Hearth Supply"],
    basePrice: [1900, 29900],
    options: [{ name: "Color", values: COLORS, pick: [2, 4] }],
  },
  {
    categoryId: "bedding",
    nouns: ["Percale Sheet Set", "Down Comforter", "Linen Duvet Cover", "Quilt", "Pillow Pair"],
    brands: ["Wren Home", "Hearth Supply"],
    basePrice: [4900, 25900],
    options: [
      { name: "Size", values: ["Twin", "Full", "Queen", "King"], pick: [3, 4] },
      { name: "Color", values: COLORS, pick: [1, 1] },
    ],
  },
  {
    categoryId: "decor",
    nouns: ["Table Lamp", "Throw Blanket", "Ceramic Vase", "Wall Mirror", "Candle Trio"],
    brands: ["Wren Home", "Lakeshore Supply"],
    basePrice: [1500, 18900],
    options: [{ name: "Color", values: COLORS, pick: [2, 3] }],
  },
  {
    categoryId: "audio",
    nouns: ["Wireless Earbuds", "Bluetooth Speaker", "Over-Ear Headphones", "Soundbar", "Turntable"],
    brands: ["Voltaic", "Cadence Audio"],
    basePrice: [3900, 39900],
    options: [{ name: "Color", values: ["Black", "White", "Navy", "Sand"], pick: [2, 4] }],
  },
  {
    categoryId: "tech-accessories",
    nouns: ["USB-C Charger", "Phone Case", "Power Bank", "Laptop Sleeve", "Charging Cable"],
    brands: ["Voltaic", "Lakeshore Supply"],
    basePrice: [1200, 8900],
    options: [{ name: "Color", values: COLORS, pick: [2, 4] }],
  },
  {
    categoryId: "camping",
    nouns: ["Backpacking Tent", "Sleeping Bag", "Camp Stove", "Trekking Poles", "Daypack"],
    brands: ["Trailmark", "Prairie Outfitters"],
    basePrice: [2900, 34900],
    options: [{ name: "Color", values: COLORS, pick: [2, 3] }],
  },
  {
    categoryId: "cycling",
    nouns: ["Bike Helmet", "Cycling Jersey", "Bike Light Set", "Padded Shorts", "Cycling Gloves"],
    brands: ["Cadence Cycle", "Prairie Outfitters"],
    basePrice: [1900, 14900],
    options: [
      { name: "Size", values: ["S", "M", "L"], pick: [2, 3] },
      { name: "Color", values: COLORS, pick: [1, 2] },
    ],
  },
];

const PRODUCT_COUNT = 220;

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** GTIN-13 with its check digit. */
function gtin13(body12: string): string {
  const sum = [...body12].reduce((acc, digit, i) => acc + Number(digit) * (i % 2 === 0 ? 1 : 3), 0);
  return body12 + String((10 - (sum % 10)) % 10);
}

/** Rounds cents to a ".99" or ".49" price point. */
function pricePoint(cents: number): number {
  const dollars = Math.max(1, Math.round(cents / 100));
  return dollars * 100 - 1;
}

function priceList(base: number, random: Random): Record<SalesChannel, ChannelPrice> {
  const webPromo = random.chance(0.25);
  const web = webPromo ? { price: pricePoint(base * 0.8), compareAtPrice: base } : { price: base, compareAtPrice: null };
  const store = { price: base, compareAtPrice: null };
  return {
    [SalesChannel.WEB]: web,
    [SalesChannel.MOBILE_APP]: web,
    [SalesChannel.CALL_CENTER]: web,
    [SalesChannel.KIOSK]: store,
    [SalesChannel.STORE]: store,
    [SalesChannel.PARTNER]: { price: pricePoint(base * 0.9), compareAtPrice: null },
  };
}

function buildCatalog(
  random: Random,
  productCount: number,
): { categories: DemoCategory[]; products: DemoProduct[]; variants: DemoVariant[] } {
  const categories = CATEGORY_TREE.map(([id, name, parentId]) => ({
    id: `cat-${id}`,
    name,
    parentId: parentId ? `cat-${parentId}` : null,
  }));
  const products: DemoProduct[] = [];
  const variants: DemoVariant[] = [];
  const handles = new Set<string>();
  for (let i = 0; i < productCount; i++) {
    const family = FAMILIES[i % FAMILIES.length];
    const brand = random.pick(family.brands);
    const noun = random.pick(family.nouns);
    const adjective = random.pick(ADJECTIVES);
    const title = `${adjective} ${noun}`;
    let handle = slug(`${brand} ${title}`);
    if (handles.has(handle)) handle = `${handle}-${i + 1}`;
    handles.add(handle);
    const id = `prod-${pad(i + 1, 4)}`;
    const options = family.options.map((option) => {
      const count = random.int(option.pick[0], option.pick[1]);
      const values =
        option.name === "Size"
          ? option.values.slice(0, count) // sizes keep their natural order
          : random.sample(option.values, count);
      return { name: option.name, values };
    });
    const base = pricePoint(random.int(family.basePrice[0], family.basePrice[1]));
    const combos = options.reduce<{ name: string; value: string }[][]>(
      (acc, option) => acc.flatMap((combo) => option.values.map((value) => [...combo, { name: option.name, value }])),
      [[]],
    );
    const skus: string[] = [];
    combos.forEach((selectedOptions, v) => {
      const sku = `SKU-${pad(i + 1, 4)}-${pad(v + 1, 2)}`;
      // Larger sizes cost a little more, as they do in the real world.
      const sizeIndex =
        options.find((o) => o.name === "Size")?.values.indexOf(selectedOptions.find((o) => o.name === "Size")?.value ?? "") ?? -1;
      const variantBase = sizeIndex >= 3 ? base + 200 : base;
      variants.push({
        sku,
        productId: id,
        // "089", the product number in five digits, the variant in four: twelve digits up to product 99,999.
        barcode: gtin13(`089${pad(i + 1, 5)}${pad(v + 1, 4)}`),
        title: selectedOptions.map((o) => o.value).join(" / "),
        selectedOptions,
        prices: priceList(variantBase, random),
      });
      skus.push(sku);
    });
    products.push({
      id,
      handle,
      title,
      description: `The ${brand} ${title.toLowerCase()}: ${random.pick([
        "built for Chicago winters and everything after",
        "made to be used every day",
        "designed in the Midwest, tested on the lakefront",
        "a customer favourite in every store",
        "the one our associates recommend first",
      ])}.`,
      brand,
      categoryId: `cat-${family.categoryId}`,
      images: [1, 2].map((n) => ({
        url: `https://images.omnigraph.example/products/${handle}/${n}.jpg`,
        alt: `${brand} ${title}, view ${n}`,
      })),
      options,
      createdAt: iso(DEMO_NOW - random.int(1, 720) * DAY),
      variantSkus: skus,
    });
  }
  return { categories, products, variants };
}

// ───────────────────────── stock ─────────────────────────

/** Appends to `stock` the rows of `variants` at every location that carries them. */
function buildStock(random: Random, locations: DemoLocation[], variants: readonly DemoVariant[], stock: DemoStock[] = []): DemoStock[] {
  for (const location of locations) {
    const isStore = location.type === "STORE";
    for (const variant of variants) {
      const carried = isStore ? random.chance(0.65) : random.chance(0.97);
      if (!carried) continue;
      const onHand = isStore ? (random.chance(0.15) ? 0 : random.int(1, 12)) : random.int(0, 180);
      const reserved = onHand === 0 ? 0 : Math.min(onHand, random.chance(0.2) ? random.int(1, isStore ? 2 : 6) : 0);
      stock.push({
        locationId: location.id,
        sku: variant.sku,
        onHand,
        reserved,
        safetyStock: isStore ? 1 : 5,
        updatedAt: iso(DEMO_NOW - random.int(1, 240) * HOUR),
      });
    }
  }
  return stock;
}

// ───────────────────────── people ─────────────────────────

const FIRST_NAMES = [
  "Avery",
  "Jordan",
  "Maya",
  "Luis",
  "Priya",
  "Noah",
  "Grace",
  "Mateo",
  "Aisha",
  "Ethan",
  "Sofia",
  "Kenji",
  "Olivia",
  "Marcus",
  "Elena",
  "Samuel",
  "Chloe",
  "Diego",
  "Hannah",
  "Omar",
  "Zoe",
  "Ravi",
  "Lena",
  "Tyrone",
  "Mei",
  "Jonah",
  "Fatima",
  "Caleb",
  "Nora",
  "Andre",
];
const LAST_NAMES = [
  "Nguyen",
  "Johnson",
  "Patel",
  "Garcia",
  "Kowalski",
  "Williams",
  "Okafor",
  "Chen",
  "Murphy",
  "Rodriguez",
  "Schmidt",
  "Brown",
  "Kim",
  "Lopez",
  "Novak",
  "Davis",
  "Haddad",
  "Rossi",
  "Jackson",
  "Singh",
];
const STREETS = [
  "W Armitage Ave",
  "N Damen Ave",
  "W Belmont Ave",
  "S Michigan Ave",
  "N Halsted St",
  "W Division St",
  "N Sheridan Rd",
  "W Roscoe St",
  "S Wabash Ave",
  "N Clark St",
  "W Fullerton Ave",
  "N Western Ave",
];
const HOME_AREAS: [string, string][] = [
  ["Chicago", "60614"],
  ["Chicago", "60622"],
  ["Chicago", "60657"],
  ["Chicago", "60615"],
  ["Evanston", "60201"],
  ["Oak Park", "60302"],
  ["Naperville", "60540"],
  ["Schaumburg", "60193"],
  ["Skokie", "60076"],
  ["Orland Park", "60462"],
];

const CUSTOMER_COUNT = 60;
/** Chicago-area codes: a scaled world runs out of 555-1000…555-9999 in 312 after 9,000 customers and moves on. */
const AREA_CODES = ["312", "773", "872", "708", "847", "630", "224", "331", "779", "815"];

function buildCustomers(random: Random, stores: DemoLocation[], count: number): DemoCustomer[] {
  const customers: DemoCustomer[] = [];
  for (let i = 0; i < count; i++) {
    const firstName = FIRST_NAMES[i % FIRST_NAMES.length];
    const lastName = LAST_NAMES[(i * 7) % LAST_NAMES.length];
    const [city, postalCode] = random.pick(HOME_AREAS);
    const home = {
      line1: `${random.int(100, 4999)} ${random.pick(STREETS)}`,
      line2: random.chance(0.3) ? `Apt ${random.int(1, 40)}` : null,
      city,
      region: "IL",
      postalCode,
      country: "US",
    };
    customers.push({
      id: `cust-${pad(i + 1, 3)}`,
      firstName,
      lastName,
      email: `${firstName}.${lastName}${i + 1}@example.com`.toLowerCase(),
      phone: random.chance(0.85) ? `+1${AREA_CODES[Math.floor(i / 9000) % AREA_CODES.length]}555${pad(1000 + (i % 9000), 4)}` : null,
      addresses: random.chance(0.25)
        ? [
            home,
            {
              line1: `${random.int(100, 999)} ${random.pick(STREETS)}`,
              line2: null,
              city: "Chicago",
              region: "IL",
              postalCode: "60606",
              country: "US",
            },
          ]
        : [home],
      preferredStoreId: random.chance(0.8) ? random.pick(stores).id : null,
      // Distinct for ten million customers (7919 is prime to 10^7), and below LOYALTY_SEQUENCE_BASE, where new members start.
      loyaltyNumber: `LOY${pad(40_000_000 + ((i * 7919) % 10_000_000), 8)}`,
      loyaltyPoints: 0, // accrued from orders below
      createdAt: iso(DEMO_NOW - random.int(380, 1500) * DAY),
    });
  }
  return customers;
}

function buildAssociates(random: Random, stores: DemoLocation[]): DemoAssociate[] {
  const associates: DemoAssociate[] = [];
  let n = 0;
  const nextName = () => `${FIRST_NAMES[(n * 11 + 3) % FIRST_NAMES.length]} ${LAST_NAMES[(n * 3 + 5) % LAST_NAMES.length]}`;
  for (const store of stores) {
    for (const role of ["STORE_MANAGER", "STORE_ASSOCIATE", "STORE_ASSOCIATE"] as const) {
      n++;
      associates.push({ id: `assoc-${pad(n, 3)}`, name: nextName(), role, homeStoreId: store.id });
    }
  }
  for (let i = 0; i < 6; i++) {
    n++;
    associates.push({ id: `assoc-${pad(n, 3)}`, name: nextName(), role: "CALL_CENTER_AGENT", homeStoreId: null });
  }
  random.next(); // keep later draws stable if staffing changes shape
  return associates;
}

// ───────────────────────── orders ─────────────────────────

const ORDER_COUNT = 320;
const FREE_SHIPPING_FROM = 7500;
const SHIPPING_FEE = 799;

function priceChannel(channel: SalesChannel): SalesChannel {
  return channel;
}

function pickupCode(random: Random): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return Array.from({ length: 6 }, () => random.pick([...alphabet])).join("");
}

function orderStatusOf(fulfillments: DemoFulfillment[]): OrderStatusName {
  const live = fulfillments.filter((f) => f.status !== "CANCELLED");
  if (live.length === 0) return "CANCELLED";
  const done = live.filter((f) => f.status === "PICKED_UP" || f.status === "DELIVERED").length;
  if (done === live.length) return "FULFILLED";
  if (done > 0) return "PARTIALLY_FULFILLED";
  if (live.every((f) => f.status === "PENDING")) return "PLACED";
  return "IN_PROGRESS";
}

/** Who places a run of orders and what they buy; a scaled world draws its extra orders from a source of their own. */
interface OrderSource {
  count: number;
  customers: readonly DemoCustomer[];
  /** `count` distinct variants for one order's lines. */
  lineVariants: (random: Random, count: number) => DemoVariant[];
  /** Orders already numbered before this run: ids and numbers continue after them. */
  numberedBefore: number;
}

function buildOrders(random: Random, world: Pick<DemoWorld, "locations" | "associates">, source: OrderSource): DemoOrder[] {
  const stores = world.locations.filter((l) => l.type === "STORE");
  const shippers = world.locations.filter((l) => l.type === "DISTRIBUTION_CENTER" || l.capabilities.includes("SHIP_FROM_STORE"));
  const agents = world.associates.filter((a) => a.role === "CALL_CENTER_AGENT");
  const staffOf = (storeId: string) => world.associates.filter((a) => a.homeStoreId === storeId);
  const drafts: Omit<DemoOrder, "id" | "number">[] = [];

  for (let i = 0; i < source.count; i++) {
    const channel = random.weighted<SalesChannel>([
      [SalesChannel.WEB, 34],
      [SalesChannel.MOBILE_APP, 24],
      [SalesChannel.KIOSK, 8],
      [SalesChannel.CALL_CENTER, 10],
      [SalesChannel.STORE, 24],
    ]);
    const anonymousTill = channel === SalesChannel.STORE && random.chance(0.1);
    const customer = anonymousTill ? null : source.customers[random.int(0, source.customers.length - 1)];
    const ageDays = random.chance(0.1) ? random.next() * 3 : random.next() * 365;
    const placedAt = DEMO_NOW - Math.round(ageDays * DAY);
    const homeStore = (customer?.preferredStoreId && stores.find((s) => s.id === customer.preferredStoreId)) || random.pick(stores);
    const store = channel === SalesChannel.STORE || channel === SalesChannel.KIOSK ? homeStore : null;
    const lineCount = random.weighted([
      [1, 45],
      [2, 30],
      [3, 17],
      [4, 8],
    ] as const);
    const lineVariants = source.lineVariants(random, lineCount);
    const lines: DemoOrderLine[] = lineVariants.map((variant, l) => ({
      id: `L${l + 1}`,
      sku: variant.sku,
      quantity: random.chance(0.8) ? 1 : random.int(2, 3),
      unitPrice: variant.prices[priceChannel(channel)].price,
      fulfillmentId: null,
    }));

    let method: FulfillmentMethodName;
    if (channel === SalesChannel.STORE) method = "PICKUP_IN_STORE";
    else
      method = random.weighted<FulfillmentMethodName>([
        ["SHIP_TO_HOME", 55],
        ["PICKUP_IN_STORE", 33],
        ["CURBSIDE", 12],
      ]);
    let pickupStore: DemoLocation | null = null;
    if (method !== "SHIP_TO_HOME") {
      pickupStore = store ?? homeStore;
      if (method === "CURBSIDE" && !pickupStore.capabilities.includes("CURBSIDE")) {
        pickupStore = stores.find((s) => s.capabilities.includes("CURBSIDE") && s.id !== pickupStore!.id) ?? pickupStore;
      }
    }
    const shippingAddress = method === "SHIP_TO_HOME" ? (customer?.addresses[0] ?? homeStore.address) : null;
    const origin =
      method === "SHIP_TO_HOME"
        ? [...shippers].sort((a, b) => distanceKm(a.geo, homeStore.geo) - distanceKm(b.geo, homeStore.geo))[random.chance(0.7) ? 0 : 1]
        : pickupStore!;

    const cancelled = channel !== SalesChannel.STORE && ageDays > 2 && random.chance(0.03);
    let status: FulfillmentStatusName;
    if (channel === SalesChannel.STORE) status = "PICKED_UP";
    else if (cancelled) status = "CANCELLED";
    else if (method === "SHIP_TO_HOME")
      status = ageDays > 6 ? "DELIVERED" : ageDays > 1 ? "SHIPPED" : random.pick(["PENDING", "PICKING"] as const);
    else status = ageDays > 3 ? "PICKED_UP" : random.pick(["PENDING", "PICKING", "READY_FOR_PICKUP", "READY_FOR_PICKUP"] as const);
    if (method === "CURBSIDE" && status === "READY_FOR_PICKUP" && random.chance(0.3)) status = "CUSTOMER_ARRIVED";

    const fulfillmentId = "F1";
    for (const line of lines) line.fulfillmentId = fulfillmentId;
    const fulfillment: DemoFulfillment = {
      id: fulfillmentId,
      method,
      originId: origin.id,
      pickupLocationId: pickupStore?.id ?? null,
      status,
      pickupCode: method === "SHIP_TO_HOME" || channel === SalesChannel.STORE ? null : pickupCode(random),
      trackingNumber: status === "SHIPPED" || status === "DELIVERED" ? `1Z${pad(random.int(0, 999_999_999), 9)}US` : null,
      lineIds: lines.map((l) => l.id),
    };
    const subtotal = lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
    const shippingTotal = method === "SHIP_TO_HOME" && subtotal < FREE_SHIPPING_FROM ? SHIPPING_FEE : 0;

    const attributionAssociate =
      channel === SalesChannel.STORE
        ? random.pick(staffOf(store!.id)).id
        : channel === SalesChannel.CALL_CENTER && random.chance(0.6)
          ? random.pick(agents).id
          : channel === SalesChannel.KIOSK && random.chance(0.4)
            ? random.pick(staffOf(store!.id)).id
            : null;

    const events: DemoOrderEvent[] = [
      {
        type: channel === SalesChannel.STORE ? "STORE_SALE_RECORDED" : "ORDER_PLACED",
        at: iso(placedAt),
        channel,
        locationId: store?.id ?? null,
      },
    ];
    const step = (type: string, hours: number, locationId: string | null) =>
      events.push({ type, at: iso(Math.min(DEMO_NOW, placedAt + hours * HOUR)), channel: null, locationId });
    const order = { status };
    if (status === "CANCELLED") step("ORDER_CANCELLED", 3, null);
    else if (channel !== SalesChannel.STORE) {
      const reached = (s: FulfillmentStatusName) =>
        ["PICKING", "READY_FOR_PICKUP", "CUSTOMER_ARRIVED", "PICKED_UP", "SHIPPED", "DELIVERED"].indexOf(order.status) >=
        ["PICKING", "READY_FOR_PICKUP", "CUSTOMER_ARRIVED", "PICKED_UP", "SHIPPED", "DELIVERED"].indexOf(s);
      if (reached("PICKING")) step("FULFILLMENT_PICKING", 2, origin.id);
      if (method === "SHIP_TO_HOME") {
        if (status === "SHIPPED" || status === "DELIVERED") step("FULFILLMENT_SHIPPED", 20, origin.id);
        if (status === "DELIVERED") step("FULFILLMENT_DELIVERED", 70, null);
      } else {
        if (status !== "PICKING" && status !== "PENDING") step("FULFILLMENT_READY_FOR_PICKUP", 4, pickupStore!.id);
        if (status === "CUSTOMER_ARRIVED") step("FULFILLMENT_CUSTOMER_ARRIVED", 26, pickupStore!.id);
        if (status === "PICKED_UP") step("FULFILLMENT_PICKED_UP", 30, pickupStore!.id);
      }
    }

    const returns: DemoReturn[] = [];
    const fulfilled = status === "DELIVERED" || status === "PICKED_UP";
    if (fulfilled && customer && ageDays > 10 && random.chance(0.12)) {
      const line = random.pick(lines);
      const inStore = random.chance(0.65);
      const requested = placedAt + random.int(4, 9) * DAY;
      const returnStatus = random.weighted<DemoReturn["status"]>([
        ["REFUNDED", 75],
        ["RECEIVED", 10],
        ["REQUESTED", 15],
      ]);
      const dropOff = inStore ? homeStore : null;
      const quantity = line.quantity;
      returns.push({
        id: "R1",
        method: inStore ? "IN_STORE" : "MAIL",
        dropOffLocationId: dropOff?.id ?? null,
        status: returnStatus,
        lines: [{ orderLineId: line.id, quantity }],
        refund: returnStatus === "REQUESTED" ? null : line.unitPrice * quantity,
        requestedAt: iso(requested),
        receivedAt: returnStatus === "REQUESTED" ? null : iso(requested + random.int(1, 5) * DAY),
      });
      events.push({
        type: "RETURN_REQUESTED",
        at: iso(requested),
        channel: inStore ? SalesChannel.STORE : channel,
        locationId: dropOff?.id ?? null,
      });
      if (returnStatus !== "REQUESTED") {
        events.push({
          type: "RETURN_RECEIVED",
          at: returns[0].receivedAt!,
          channel: inStore ? SalesChannel.STORE : null,
          locationId: dropOff?.id ?? "dc-01",
        });
      }
      if (returnStatus === "REFUNDED")
        events.push({ type: "RETURN_REFUNDED", at: returns[0].receivedAt!, channel: null, locationId: null });
    }

    drafts.push({
      customerId: customer?.id ?? null,
      channel,
      placedAt: iso(placedAt),
      status: orderStatusOf([fulfillment]),
      lines,
      shippingTotal,
      shippingAddress,
      attribution: { channel, locationId: store?.id ?? null, associateId: attributionAssociate },
      fulfillments: [fulfillment],
      returns,
      events: events.sort((a, b) => a.at.localeCompare(b.at)),
    });
  }

  // Numbers follow the order in which orders were placed, as a real order sequence would.
  drafts.sort((a, b) => a.placedAt.localeCompare(b.placedAt));
  return drafts.map((draft, index) => {
    const position = source.numberedBefore + index;
    const id = `order-${pad(position + 1, 4)}`;
    const prefix = (local: string) => `${id}-${local}`;
    return {
      ...draft,
      id,
      number: `OG-${100_001 + position}`,
      lines: draft.lines.map((l) => ({ ...l, id: prefix(l.id), fulfillmentId: l.fulfillmentId && prefix(l.fulfillmentId) })),
      fulfillments: draft.fulfillments.map((f) => ({ ...f, id: prefix(f.id), lineIds: f.lineIds.map(prefix) })),
      returns: draft.returns.map((r) => ({
        ...r,
        id: prefix(r.id),
        lines: r.lines.map((rl) => ({ ...rl, orderLineId: prefix(rl.orderLineId) })),
      })),
    };
  });
}

// ───────────────────────── carts ─────────────────────────

/**
 * A cart for each of `owners` (null: an anonymous shopper's), numbered after `numberedBefore` carts, its lines drawn
 * by `lineVariants`.
 */
function buildCarts(
  random: Random,
  owners: readonly (DemoCustomer | null)[],
  lineVariants: (random: Random, count: number) => DemoVariant[],
  numberedBefore: number,
): DemoCart[] {
  const carts: DemoCart[] = [];
  owners.forEach((customer, index) => {
    const i = numberedBefore + index;
    const createdChannel = random.pick([SalesChannel.WEB, SalesChannel.MOBILE_APP, SalesChannel.KIOSK]);
    const lastActiveChannel = random.chance(0.5) ? createdChannel : random.pick([SalesChannel.WEB, SalesChannel.MOBILE_APP]);
    const createdAt = DEMO_NOW - random.int(1, 72) * HOUR;
    const pickupAt = customer?.preferredStoreId ?? null;
    carts.push({
      id: `cart-${pad(i + 1, 4)}`,
      customerId: customer?.id ?? null,
      createdChannel,
      lastActiveChannel,
      lines: lineVariants(random, random.int(1, 3)).map((variant, l) => {
        const pickup = pickupAt !== null && random.chance(0.4);
        return {
          id: `cart-${pad(i + 1, 4)}-L${l + 1}`,
          sku: variant.sku,
          quantity: random.int(1, 2),
          method: pickup ? "PICKUP_IN_STORE" : "SHIP_TO_HOME",
          locationId: pickup ? pickupAt : null,
        };
      }),
      attribution: null,
      version: random.int(1, 6),
      createdAt: iso(createdAt),
      updatedAt: iso(createdAt + random.int(0, 5) * HOUR),
    });
  });
  return carts;
}

// ───────────────────────── interactions and service ─────────────────────────

/** The timelines of `world.customers` and their orders, numbered after `numberedBefore` interactions. */
function buildInteractions(
  random: Random,
  world: Pick<DemoWorld, "customers" | "variants" | "orders" | "locations" | "associates">,
  numberedBefore: number,
): DemoInteraction[] {
  const items: Omit<DemoInteraction, "id">[] = [];
  const stores = world.locations.filter((l) => l.type === "STORE");
  const agents = world.associates.filter((a) => a.role === "CALL_CENTER_AGENT");
  for (const order of world.orders) {
    if (!order.customerId) continue;
    const base = { customerId: order.customerId, orderId: order.id, sku: null, associateId: null as string | null };
    if (order.channel === SalesChannel.STORE) {
      items.push({
        ...base,
        type: "STORE_PURCHASE",
        channel: SalesChannel.STORE,
        occurredAt: order.placedAt,
        summary: `Bought ${order.lines.length} item(s) in store, order ${order.number}`,
        locationId: order.attribution.locationId,
        associateId: order.attribution.associateId,
      });
    } else {
      items.push({
        ...base,
        type: "ORDER_PLACED",
        channel: order.channel,
        occurredAt: order.placedAt,
        summary: `Placed order ${order.number}`,
        locationId: order.attribution.locationId,
        associateId: order.attribution.associateId,
      });
    }
    for (const event of order.events) {
      if (event.type === "FULFILLMENT_PICKED_UP") {
        items.push({
          ...base,
          type: "ORDER_PICKED_UP",
          channel: SalesChannel.STORE,
          occurredAt: event.at,
          summary: `Picked up order ${order.number}`,
          locationId: event.locationId,
        });
      } else if (event.type === "RETURN_REQUESTED") {
        items.push({
          ...base,
          type: "RETURN_REQUESTED",
          channel: event.channel ?? order.channel,
          occurredAt: event.at,
          summary: `Asked to return an item from order ${order.number}`,
          locationId: event.locationId,
        });
      } else if (event.type === "RETURN_RECEIVED") {
        items.push({
          ...base,
          type: "RETURN_RECEIVED",
          channel: event.channel ?? SalesChannel.WEB,
          occurredAt: event.at,
          summary: `Return for order ${order.number} received`,
          locationId: event.locationId?.startsWith("store-") ? event.locationId : null,
        });
      }
    }
  }
  for (const customer of world.customers) {
    const views = random.int(2, 8);
    for (let v = 0; v < views; v++) {
      const variant = random.pick(world.variants);
      items.push({
        customerId: customer.id,
        type: "PRODUCT_VIEWED",
        channel: random.pick([SalesChannel.WEB, SalesChannel.MOBILE_APP]),
        occurredAt: iso(DEMO_NOW - random.int(1, 2000) * HOUR),
        summary: `Viewed ${variant.sku}`,
        locationId: null,
        associateId: null,
        orderId: null,
        sku: variant.sku,
      });
    }
    if (random.chance(0.5)) {
      const store = customer.preferredStoreId ?? random.pick(stores).id;
      items.push({
        customerId: customer.id,
        type: "STORE_VISIT",
        channel: SalesChannel.KIOSK,
        occurredAt: iso(DEMO_NOW - random.int(1, 1500) * HOUR),
        summary: "Checked in at the store kiosk",
        locationId: store,
        associateId: null,
        orderId: null,
        sku: null,
      });
    }
    if (random.chance(0.3)) {
      items.push({
        customerId: customer.id,
        type: "SERVICE_CONTACT",
        channel: SalesChannel.CALL_CENTER,
        occurredAt: iso(DEMO_NOW - random.int(1, 3000) * HOUR),
        summary: "Called about a delivery",
        locationId: null,
        associateId: random.pick(agents).id,
        orderId: null,
        sku: null,
      });
    }
  }
  items.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.customerId.localeCompare(b.customerId));
  return items.map((item, index) => ({ ...item, id: `ix-${pad(numberedBefore + index + 1, 5)}` }));
}

/** `count` service cases of `world.customers`, numbered after `numberedBefore` cases. */
function buildServiceCases(
  random: Random,
  world: Pick<DemoWorld, "customers" | "orders" | "associates">,
  count: number,
  numberedBefore: number,
): DemoServiceCase[] {
  const cases: DemoServiceCase[] = [];
  const firstOrderOf = new Map<string, DemoOrder>();
  for (const order of world.orders) if (order.customerId && !firstOrderOf.has(order.customerId)) firstOrderOf.set(order.customerId, order);
  const agents = world.associates.filter((a) => a.role === "CALL_CENTER_AGENT");
  const staff = world.associates.filter((a) => a.role !== "CALL_CENTER_AGENT");
  const subjects = [
    "Where is my order?",
    "Item arrived damaged",
    "Wrong size delivered",
    "Refund not received yet",
    "Pickup code not working",
    "Question about loyalty points",
  ];
  for (let i = 0; i < count; i++) {
    const customer = world.customers[(i * 5) % world.customers.length];
    const order = firstOrderOf.get(customer.id) ?? null;
    const openedVia = random.pick([SalesChannel.CALL_CENTER, SalesChannel.STORE, SalesChannel.WEB]);
    const openedAt = DEMO_NOW - random.int(1, 90) * DAY;
    const first = openedVia === SalesChannel.STORE ? random.pick(staff) : random.pick(agents);
    const notes = [
      { authorId: first.id, body: "Customer explained the issue; details recorded.", channel: openedVia, createdAt: iso(openedAt) },
    ];
    const status = random.weighted<DemoServiceCase["status"]>([
      ["RESOLVED", 60],
      ["PENDING", 20],
      ["OPEN", 20],
    ]);
    if (status !== "OPEN")
      notes.push({
        authorId: random.pick(agents).id,
        body: "Followed up by phone.",
        channel: SalesChannel.CALL_CENTER,
        createdAt: iso(openedAt + DAY),
      });
    cases.push({
      id: `case-${pad(numberedBefore + i + 1, 3)}`,
      customerId: customer.id,
      subject: random.pick(subjects),
      status,
      openedVia,
      openedAt: iso(openedAt),
      orderId: random.chance(0.7) ? (order?.id ?? null) : null,
      notes,
    });
  }
  return cases;
}

// ───────────────────────── the world ─────────────────────────

const SERVICE_CASE_COUNT = 24;

/**
 * The largest scale factor, as far as seeding Redis has been tried: at 200 (1.7M stock rows) `npm run seed` took about
 * a minute and 2.7 GB of memory, within Node's default heap. The ids would allow up to 454 (barcodes carry the
 * product number in five digits).
 */
export const MAX_SCALE = 200;

/** Open carts of one block of CUSTOMER_COUNT customers: the first twelve customers', and three anonymous shoppers'. */
function cartOwners(block: readonly DemoCustomer[]): (DemoCustomer | null)[] {
  return [...block.slice(0, 12), null, null, null];
}

function buildWorld(scale: number): DemoWorld {
  // One generator per part, so adding data to one part does not reshuffle the others. Each part draws its scale-1
  // share first, from the scale-1 share of what it depends on, and only then the rest: so the scale-1 world is the
  // first part of every larger one, ids included.
  const locations = buildLocations();
  const stores = locations.filter((l) => l.type === "STORE");
  const { categories, products, variants } = buildCatalog(new Random(1), PRODUCT_COUNT * scale);
  const baseVariantCount = products.slice(0, PRODUCT_COUNT).reduce((count, product) => count + product.variantSkus.length, 0);
  const baseVariants = variants.slice(0, baseVariantCount);
  // Sampling by shuffling the whole list is what the scale-1 world was drawn with; the rest draws a few at a time.
  const fromBase = (random: Random, count: number) => random.sample(baseVariants, count);
  const fromAll = (random: Random, count: number) => random.distinct(variants, count);

  const stockRandom = new Random(2);
  const stock = buildStock(stockRandom, locations, baseVariants);
  buildStock(stockRandom, locations, variants.slice(baseVariantCount), stock);

  const customers = buildCustomers(new Random(3), stores, CUSTOMER_COUNT * scale);
  const baseCustomers = customers.slice(0, CUSTOMER_COUNT);
  const moreCustomers = customers.slice(CUSTOMER_COUNT);
  const associates = buildAssociates(new Random(4), stores);

  // The extra orders are placed by the extra customers only: every customer has about as many orders at any scale,
  // and a scale-1 customer's history is the same at every scale.
  const orderRandom = new Random(5);
  const staffing = { locations, associates };
  const baseOrders = buildOrders(orderRandom, staffing, {
    count: ORDER_COUNT,
    customers: baseCustomers,
    lineVariants: fromBase,
    numberedBefore: 0,
  });
  const moreOrders =
    scale === 1
      ? []
      : buildOrders(orderRandom, staffing, {
          count: ORDER_COUNT * (scale - 1),
          customers: moreCustomers,
          lineVariants: fromAll,
          numberedBefore: ORDER_COUNT,
        });
  const orders = baseOrders.concat(moreOrders);
  // Loyalty: one point per whole dollar spent, minus what was refunded.
  const customerById = new Map(customers.map((customer) => [customer.id, customer]));
  for (const order of orders) {
    const customer = order.customerId ? customerById.get(order.customerId) : undefined;
    if (!customer || order.status === "CANCELLED") continue;
    const spent = order.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
    const refunded = order.returns.reduce((sum, r) => sum + (r.refund ?? 0), 0);
    customer.loyaltyPoints += Math.floor((spent - refunded) / 100);
  }

  const cartRandom = new Random(6);
  let carts = buildCarts(cartRandom, cartOwners(baseCustomers), fromBase, 0);
  for (let block = 1; block < scale; block++) {
    const owners = cartOwners(customers.slice(block * CUSTOMER_COUNT, (block + 1) * CUSTOMER_COUNT));
    carts = carts.concat(buildCarts(cartRandom, owners, fromAll, carts.length));
  }

  const interactionRandom = new Random(7);
  let interactions = buildInteractions(
    interactionRandom,
    { customers: baseCustomers, variants: baseVariants, orders: baseOrders, locations, associates },
    0,
  );
  if (scale > 1) {
    const more = buildInteractions(
      interactionRandom,
      { customers: moreCustomers, variants, orders: moreOrders, locations, associates },
      interactions.length,
    );
    interactions = interactions.concat(more);
  }

  const caseRandom = new Random(8);
  let serviceCases = buildServiceCases(caseRandom, { customers: baseCustomers, orders: baseOrders, associates }, SERVICE_CASE_COUNT, 0);
  if (scale > 1) {
    const more = buildServiceCases(
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
