import { describe, expect, it } from "vitest";
import type { HoursExceptionRecord } from "../../../subgraphs/inventory/store/index.js";
import { testSeed } from "./fixtures.js";
import type { ContractKit } from "./kit.js";

/** Dated exceptions to the weekly hours: answered per location by date, replaced per date, cleared, shared by instances. */
export function storeHours(kit: ContractKit): void {
  const { start, one } = kit;
  const seeded = testSeed().hoursExceptions!;
  const holiday = seeded.find((e) => e.closed)!;
  const countDay = seeded.find((e) => !e.closed)!;

  describe("store hours exceptions", () => {
    it("answers each location's seeded exceptions by date, in the order asked, empty where there are none", async () => {
      const store = await one();
      expect(await store.hoursExceptions(["store-b", "store-a", "nowhere", "store-a"])).toEqual([
        [],
        [holiday, countDay],
        [],
        [holiday, countDay],
      ]);
      expect(await store.hoursExceptions([])).toEqual([]);
    });

    it("replaces a location's exception on the same date and keeps other locations apart", async () => {
      const store = await one();
      const reopened: HoursExceptionRecord = { ...holiday, closed: false, opens: "12:00", closes: "17:00", reason: "Holiday, short hours" };
      await store.setHoursException(reopened);
      const other: HoursExceptionRecord = { ...holiday, locationId: "store-b" };
      await store.setHoursException(other);
      expect(await store.hoursExceptions(["store-a", "store-b"])).toEqual([[reopened, countDay], [other]]);
    });

    it("clears one date, answering what it removed, and null when the day had none", async () => {
      const store = await one();
      expect(await store.clearHoursException("store-a", holiday.date)).toEqual(holiday);
      expect(await store.clearHoursException("store-a", holiday.date)).toBeNull();
      expect(await store.clearHoursException("store-b", countDay.date)).toBeNull();
      expect(await store.hoursExceptions(["store-a"])).toEqual([[countDay]]);
    });

    it("is the same data for every instance: one sets, another reads and clears", async () => {
      const [first, second] = await start(2);
      const closure: HoursExceptionRecord = {
        locationId: "store-c",
        date: "2030-04-01",
        closed: true,
        opens: null,
        closes: null,
        reason: "Refit",
      };
      await first.setHoursException(closure);
      expect(await second.hoursExceptions(["store-c"])).toEqual([[closure]]);
      expect(await second.clearHoursException("store-c", "2030-04-01")).toEqual(closure);
      expect(await first.hoursExceptions(["store-c"])).toEqual([[]]);
    });
  });
}
