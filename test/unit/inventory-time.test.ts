import { describe, expect, it } from "vitest";
import { addDays, atLocal, localTime, parseClock } from "../../subgraphs/inventory/rules/localtime.js";
import { earliestShipDate } from "../../subgraphs/inventory/rules/availability.js";
import { pickupReadyBy } from "../../subgraphs/inventory/rules/store-hours.js";
import { weekdayStore as store } from "../stores/inventory-contract/fixtures.js";

// Store local time (America/Chicago, daylight saving included), opening hours and the carrier cutoff. In 2030 Chicago
// springs forward on Sunday 10 March and falls back on Sunday 3 November; 15 January 2030 is a Tuesday. The store (weekdayStore) is open 09:00–21:00
// Monday to Saturday, closed on Sunday, and has a pickup ready an hour after the order.

describe("local time in Chicago", () => {
  it("reads the wall clock six hours behind UTC in winter and five in summer", () => {
    expect(localTime(new Date("2030-01-15T18:30:00Z"))).toEqual({
      year: 2030,
      month: 1,
      day: 15,
      weekday: 2,
      minutes: 12 * 60 + 30,
      seconds: 0,
    });
    expect(localTime(new Date("2030-07-15T18:30:45Z"))).toMatchObject({ month: 7, day: 15, minutes: 13 * 60 + 30, seconds: 45 });
  });

  it("reads the local day, not the UTC one, around midnight", () => {
    // 03:00 UTC on Wednesday is still Tuesday evening in Chicago.
    expect(localTime(new Date("2030-01-16T03:00:00Z"))).toMatchObject({ day: 15, weekday: 2, minutes: 21 * 60 });
  });

  it("turns a wall-clock time back into the instant, on both sides of daylight saving time", () => {
    expect(atLocal({ year: 2030, month: 1, day: 15 }, 9 * 60).toISOString()).toBe("2030-01-15T15:00:00.000Z");
    expect(atLocal({ year: 2030, month: 7, day: 15 }, 9 * 60).toISOString()).toBe("2030-07-15T14:00:00.000Z");
  });

  it("puts a time skipped when clocks spring forward an hour later, and a repeated one at its first occurrence", () => {
    // 02:30 does not exist on 10 March 2030: 03:30 CDT.
    expect(atLocal({ year: 2030, month: 3, day: 10 }, 2 * 60 + 30).toISOString()).toBe("2030-03-10T08:30:00.000Z");
    // 01:30 happens twice on 3 November 2030: the first, still CDT.
    expect(atLocal({ year: 2030, month: 11, day: 3 }, 60 + 30).toISOString()).toBe("2030-11-03T06:30:00.000Z");
  });

  it("adds calendar days across months and years, with the weekday", () => {
    expect(addDays({ year: 2030, month: 1, day: 31, weekday: 4 }, 1)).toEqual({ year: 2030, month: 2, day: 1, weekday: 5 });
    expect(addDays({ year: 2030, month: 12, day: 31, weekday: 2 }, 1)).toEqual({ year: 2031, month: 1, day: 1, weekday: 3 });
  });

  it("parses HH:MM clocks and refuses anything else", () => {
    expect(parseClock("09:30")).toBe(570);
    expect(parseClock("9:05")).toBe(545);
    expect(() => parseClock("9.30")).toThrow(/HH:MM/);
    expect(() => parseClock("0930")).toThrow(/HH:MM/);
  });
});

describe("pickupReadyBy", () => {
  it("is now plus the lead time while the store is open and can finish before closing", () => {
    // Tuesday 10:00 CST.
    expect(pickupReadyBy(store(), new Date("2030-01-15T16:00:00Z"))).toBe("2030-01-15T17:00:00.000Z");
  });

  it("is the opening plus the lead time when ordered before the store opens", () => {
    // Tuesday 07:00 CST: ready at 10:00.
    expect(pickupReadyBy(store(), new Date("2030-01-15T13:00:00Z"))).toBe("2030-01-15T16:00:00.000Z");
  });

  it("is the next opening day when the order could not be ready before closing", () => {
    // Tuesday 20:30 CST: 21:30 is after closing, so Wednesday 10:00.
    expect(pickupReadyBy(store(), new Date("2030-01-16T02:30:00Z"))).toBe("2030-01-16T16:00:00.000Z");
    // Ready exactly at closing still counts: Tuesday 20:00 CST.
    expect(pickupReadyBy(store(), new Date("2030-01-16T02:00:00Z"))).toBe("2030-01-16T03:00:00.000Z");
  });

  it("skips the days the store is closed", () => {
    // Saturday 19 January 21:00 CST, closed on Sunday: Monday 10:00.
    expect(pickupReadyBy(store(), new Date("2030-01-20T03:00:00Z"))).toBe("2030-01-21T16:00:00.000Z");
  });

  it("follows daylight saving time: the same wall-clock hours are an hour earlier in UTC in summer", () => {
    expect(pickupReadyBy(store(), new Date("2030-07-16T12:00:00Z"))).toBe("2030-07-16T15:00:00.000Z");
  });

  it("is null without pickup, without a lead time, or with no opening in the coming week", () => {
    const at = new Date("2030-01-15T16:00:00Z");
    expect(pickupReadyBy(store({ capabilities: ["CURBSIDE"] }), at)).toBeNull();
    expect(pickupReadyBy(store({ pickupLeadTimeMinutes: null }), at)).toBeNull();
    expect(pickupReadyBy(store({ openingHours: [] }), at)).toBeNull();
  });
});

describe("earliestShipDate", () => {
  it("is today at the 14:00 cutoff when ordered before it, tomorrow at 14:00 after", () => {
    expect(earliestShipDate(3, new Date("2030-01-15T16:00:00Z"))).toBe("2030-01-15T20:00:00.000Z");
    expect(earliestShipDate(3, new Date("2030-01-15T20:00:00Z"))).toBe("2030-01-16T20:00:00.000Z");
    // Summer: 14:00 CDT.
    expect(earliestShipDate(3, new Date("2030-07-15T15:00:00Z"))).toBe("2030-07-15T19:00:00.000Z");
  });

  it("is null when nothing can be promised", () => {
    expect(earliestShipDate(0, new Date("2030-01-15T16:00:00Z"))).toBeNull();
  });
});
