import type { InteractionRecord, ServiceCaseRecord } from "../store/records.js";

/**
 * The one order every store answers a timeline and a customer's cases in: newest first, ties by id descending
 * under the same (locale) comparison. A Redis sorted set breaks ties by the id's bytes, so its lists are re-sorted
 * with these too.
 */
export const newestFirst =
  <T>(at: (item: T) => string, id: (item: T) => string) =>
  (a: T, b: T): number =>
    at(b).localeCompare(at(a)) || id(b).localeCompare(id(a));

export const interactionOrder = newestFirst<InteractionRecord>(
  (interaction) => interaction.occurredAt,
  (interaction) => interaction.id,
);

export const serviceCaseOrder = newestFirst<ServiceCaseRecord>(
  (serviceCase) => serviceCase.openedAt,
  (serviceCase) => serviceCase.id,
);

/**
 * The timeline with `added` merged in, newest first: one entry per interaction id, the later write winning (as a
 * sorted set keeps it), so an event applied again under a lost applied-event record shows once.
 */
export function mergeTimeline(current: readonly InteractionRecord[], added: readonly InteractionRecord[]): InteractionRecord[] {
  const byId = new Map(current.map((interaction) => [interaction.id, interaction]));
  for (const interaction of added) byId.set(interaction.id, interaction);
  return [...byId.values()].sort(interactionOrder);
}

/** Where an interaction goes: its customer's timeline, else its cart's pending list (an anonymous shopper's). */
export function ownerOf(interaction: InteractionRecord, cartOwner: string | null): { customerId: string } | { cartId: string } {
  const customerId = interaction.customerId ?? cartOwner;
  if (customerId) return { customerId };
  if (!interaction.cartId) throw new Error("recordInteraction expects a customerId or a cartId");
  return { cartId: interaction.cartId };
}
