import { DEMO_NOW, HOUR, iso, pad } from "../../lib/demo/calendar.js";
import type { Random } from "../../lib/demo/random.js";
import type { CapabilityName, HoursExceptionRecord, LocationRecord, StockRecord } from "./store/index.js";

// The inventory subgraph's share of the demo world: one metro area (Chicago), its 12 stores and 2 distribution
// centers, and the stock each carries of the catalog's variants.

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

/** The 12 stores, then the 2 distribution centers. */
export function demoLocations(): LocationRecord[] {
  const stores = STORES.map(([name, line1, city, postalCode, lat, lng, curbside, shipFromStore], index) => ({
    id: `store-${pad(index + 1, 2)}`,
    name: `Omnigraph ${name}`,
    type: "STORE" as const,
    address: { line1, line2: null, city, region: "IL", postalCode, country: "US" },
    geo: { lat, lng },
    openingHours: STORE_HOURS,
    capabilities: [
      "PICKUP",
      ...(curbside ? ["CURBSIDE"] : []),
      ...(shipFromStore ? ["SHIP_FROM_STORE"] : []),
      "RETURNS",
    ] as CapabilityName[],
    pickupLeadTimeMinutes: [60, 90, 120][index % 3],
  }));
  const dcs: LocationRecord[] = [
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

/**
 * The dated hours of the weeks after DEMO_NOW (Sunday 1 November 2026): shorter hours on Veterans Day, every store
 * closed on Thanksgiving and open early and late on Black Friday.
 */
export function demoHoursExceptions(locations: readonly LocationRecord[]): HoursExceptionRecord[] {
  const days = [
    { date: "2026-11-11", closed: false, opens: "10:00", closes: "18:00", reason: "Veterans Day" },
    { date: "2026-11-26", closed: true, opens: null, closes: null, reason: "Thanksgiving Day" },
    { date: "2026-11-27", closed: false, opens: "06:00", closes: "23:00", reason: "Black Friday" },
  ];
  return locations
    .filter((location) => location.type === "STORE")
    .flatMap((location) => days.map((day) => ({ locationId: location.id, ...day })));
}

/** Appends to `stock` the rows of `variants` at every location that carries them. */
export function demoStock(
  random: Random,
  locations: readonly LocationRecord[],
  variants: readonly { sku: string }[],
  stock: StockRecord[] = [],
): StockRecord[] {
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
