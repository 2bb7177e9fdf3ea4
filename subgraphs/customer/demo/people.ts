import { DAY, DEMO_NOW, iso, pad } from "../../../lib/demo/calendar.js";
import type { Random } from "../../../lib/demo/random.js";
import { pointsFor } from "../rules/loyalty.js";
import type { AssociateRecord, CustomerRecord } from "../store/index.js";

// The customer subgraph's people in the demo world: customers with their homes and preferred stores, and the staff
// of every store and the call center.

/** A store as the people need it: its id. */
export interface DemoStore {
  id: string;
}

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

/** Customers in the scale-1 world. */
export const CUSTOMER_COUNT = 60;
/** Chicago-area codes: a scaled world runs out of 555-1000…555-9999 in 312 after 9,000 customers and moves on. */
const AREA_CODES = ["312", "773", "872", "708", "847", "630", "224", "331", "779", "815"];

/** `count` customers, their preferred stores among `stores`; loyalty points start at 0 (`accrueLoyalty`). */
export function demoCustomers(random: Random, stores: readonly DemoStore[], count: number): CustomerRecord[] {
  const customers: CustomerRecord[] = [];
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

/** A manager and two associates at each of `stores`, then six call-center agents. */
export function demoAssociates(random: Random, stores: readonly DemoStore[]): AssociateRecord[] {
  const associates: AssociateRecord[] = [];
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

/**
 * Loyalty as the demo history earned it: one point per whole currency unit of every order not cancelled, less what
 * its returns refunded (`pointsFor`, the rule the live subgraph earns by).
 */
export function accrueLoyalty(
  customers: readonly CustomerRecord[],
  orders: readonly {
    customerId: string | null;
    status: string;
    lines: { unitPrice: number; quantity: number }[];
    returns: { refund: number | null }[];
  }[],
): void {
  const customerById = new Map(customers.map((customer) => [customer.id, customer]));
  for (const order of orders) {
    const customer = order.customerId ? customerById.get(order.customerId) : undefined;
    if (!customer || order.status === "CANCELLED") continue;
    const spent = order.lines.reduce((sum, l) => sum + l.unitPrice * l.quantity, 0);
    const refunded = order.returns.reduce((sum, r) => sum + (r.refund ?? 0), 0);
    customer.loyaltyPoints += pointsFor(spent - refunded);
  }
}
