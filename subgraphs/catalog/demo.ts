import { SalesChannel } from "../../lib/channel.js";
import { DAY, DEMO_NOW, iso, pad } from "../../lib/demo/calendar.js";
import type { Random } from "../../lib/demo/random.js";
import type { CategoryRecord, ChannelPriceRecord, ProductRecord, VariantRecord } from "./store/index.js";

// The catalog subgraph's share of the demo world: a category tree and product families with their options, brands
// and channel price lists.

/** A variant as the demo draws it; the seed adds the currency. */
export type DemoVariant = Omit<VariantRecord, "currencyCode">;

export interface DemoCatalog {
  categories: CategoryRecord[];
  products: ProductRecord[];
  variants: DemoVariant[];
}

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

/** Products in the scale-1 world. */
export const PRODUCT_COUNT = 220;

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

function priceList(base: number, random: Random): Record<SalesChannel, ChannelPriceRecord> {
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

/** The category tree and `productCount` products with their variants, drawn from `random`. */
export function demoCatalog(random: Random, productCount: number): DemoCatalog {
  const categories = CATEGORY_TREE.map(([id, name, parentId]) => ({
    id: `cat-${id}`,
    name,
    parentId: parentId ? `cat-${parentId}` : null,
  }));
  const products: ProductRecord[] = [];
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
