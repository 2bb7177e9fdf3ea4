import { describe, expect, it } from "vitest";
import { checkExceptionDate, checkHoursException, upcoming } from "../../subgraphs/inventory/rules/hours-exceptions.js";
import { isoDate, parseIsoDate } from "../../subgraphs/inventory/rules/localtime.js";
import { isOpenAt, nextOpening, OPENING_HORIZON_DAYS, pickupReadyBy } from "../../subgraphs/inventory/rules/store-hours.js";
import type { HoursExceptionRecord } from "../../subgraphs/inventory/store/index.js";
import { weekdayStore as store } from "../stores/inventory-contract/fixtures.js";

// Weekly hours with dated exceptions, in Chicago local time. 15 January 2030 is a Tuesday (CST, UTC−6); Chicago
// springs forward on Sunday 10 March 2030 (CDT, UTC−5 from then). The store (weekdayStore) is open
// 09:00–21:00 Monday to Saturday, closed on Sunday, and has a pickup ready an hour after the order.

const closed = (date: string, reason = "Holiday"): HoursExceptionRecord => ({
  locationId: "store-a",
  date,
  closed: true,
  opens: null,
  closes: null,
  reason,
});
const special = (date: string, opens: string, closes: string): HoursExceptionRecord => ({
  locationId: "store-a",
  date,
  closed: false,
  opens,
  closes,
  reason: "Special hours",
});

describe("openNow and nextOpening from weekly hours", () => {
  it("is open from opening up to, not including, closing", () => {
    expect(isOpenAt(store(), [], new Date("2030-01-15T16:00:00Z"))).toBe(true); // Tue 10:00
    expect(isOpenAt(store(), [], new Date("2030-01-15T15:00:00Z"))).toBe(true); // Tue 09:00 sharp
    expect(isOpenAt(store(), [], new Date("2030-01-16T03:00:00Z"))).toBe(false); // Tue 21:00 sharp
    expect(isOpenAt(store(), [], new Date("2030-01-20T18:00:00Z"))).toBe(false); // Sun 12:00
  });

  it("next opens today before opening, tomorrow while open, and skips the closed Sunday", () => {
    expect(nextOpening(store(), [], new Date("2030-01-15T13:00:00Z"))).toBe("2030-01-15T15:00:00.000Z");
    expect(nextOpening(store(), [], new Date("2030-01-15T16:00:00Z"))).toBe("2030-01-16T15:00:00.000Z");
    // Saturday 19 January 22:00: Monday 09:00.
    expect(nextOpening(store(), [], new Date("2030-01-20T04:00:00Z"))).toBe("2030-01-21T15:00:00.000Z");
  });

  it("never opens without hours (a distribution center)", () => {
    const dc = { ...store(), type: "DISTRIBUTION_CENTER" as const, openingHours: [], capabilities: [], pickupLeadTimeMinutes: null };
    expect(isOpenAt(dc, [], new Date("2030-01-15T16:00:00Z"))).toBe(false);
    expect(nextOpening(dc, [], new Date("2030-01-15T16:00:00Z"))).toBeNull();
  });
});

describe("dated exceptions", () => {
  it("a holiday closes the whole day: not open, and the next opening is the day after", () => {
    const holiday = [closed("2030-01-16")];
    const wednesdayMorning = new Date("2030-01-16T16:00:00Z");
    expect(isOpenAt(store(), holiday, wednesdayMorning)).toBe(false);
    expect(nextOpening(store(), holiday, wednesdayMorning)).toBe("2030-01-17T15:00:00.000Z");
    // The evening before, too: Wednesday is skipped.
    expect(nextOpening(store(), holiday, new Date("2030-01-15T16:00:00Z"))).toBe("2030-01-17T15:00:00.000Z");
    // Another store's day or another date changes nothing.
    expect(isOpenAt(store(), [closed("2030-01-17")], wednesdayMorning)).toBe(true);
  });

  it("on a holiday the pickup-ready time moves to the next opening plus the lead time", () => {
    const tuesdayEvening = new Date("2030-01-16T02:30:00Z"); // 20:30: not ready before closing
    expect(pickupReadyBy(store(), tuesdayEvening)).toBe("2030-01-16T16:00:00.000Z");
    expect(pickupReadyBy(store(), tuesdayEvening, [closed("2030-01-16")])).toBe("2030-01-17T16:00:00.000Z");
    // Ordered on the holiday itself.
    expect(pickupReadyBy(store(), new Date("2030-01-16T16:00:00Z"), [closed("2030-01-16")])).toBe("2030-01-17T16:00:00.000Z");
  });

  it("special hours replace the weekly hours that day, also on a day normally closed", () => {
    const short = [special("2030-01-16", "12:00", "16:00")];
    expect(isOpenAt(store(), short, new Date("2030-01-16T16:00:00Z"))).toBe(false); // 10:00, before the late opening
    expect(nextOpening(store(), short, new Date("2030-01-16T16:00:00Z"))).toBe("2030-01-16T18:00:00.000Z");
    expect(isOpenAt(store(), short, new Date("2030-01-16T23:00:00Z"))).toBe(false); // 17:00, after the early close
    // 15:30 with an hour's lead time would be ready after the 16:00 close: Thursday 09:00 + 1 h.
    expect(pickupReadyBy(store(), new Date("2030-01-16T21:30:00Z"), short)).toBe("2030-01-17T16:00:00.000Z");
    const sunday = [special("2030-01-20", "11:00", "17:00")];
    expect(nextOpening(store(), sunday, new Date("2030-01-20T04:00:00Z"))).toBe("2030-01-20T17:00:00.000Z");
  });

  it("looks past a week of closures, and gives up beyond the horizon", () => {
    const week = ["2030-01-16", "2030-01-17", "2030-01-18", "2030-01-19", "2030-01-21", "2030-01-22"].map((date) => closed(date));
    expect(nextOpening(store(), week, new Date("2030-01-15T16:00:00Z"))).toBe("2030-01-23T15:00:00.000Z");
    expect(pickupReadyBy(store(), new Date("2030-01-16T02:30:00Z"), week)).toBe("2030-01-23T16:00:00.000Z");
    const start = Date.UTC(2030, 0, 16);
    const refit = Array.from({ length: OPENING_HORIZON_DAYS + 1 }, (_, i) =>
      closed(new Date(start + i * 86_400_000).toISOString().slice(0, 10)),
    );
    expect(nextOpening(store(), refit, new Date("2030-01-15T16:00:00Z"))).toBeNull();
    expect(pickupReadyBy(store(), new Date("2030-01-16T02:30:00Z"), refit)).toBeNull();
  });

  it("follows daylight saving time: special hours on the Sunday clocks spring forward open at 10:00 CDT", () => {
    // Saturday 9 March 2030 22:00 CST; Sunday is normally closed.
    const at = new Date("2030-03-10T04:00:00Z");
    expect(nextOpening(store(), [special("2030-03-10", "10:00", "18:00")], at)).toBe("2030-03-10T15:00:00.000Z");
    expect(nextOpening(store(), [], at)).toBe("2030-03-11T14:00:00.000Z");
  });
});

describe("checking a manager's exception", () => {
  const now = new Date("2030-01-15T16:00:00Z"); // Tuesday 15 January, local
  const request = { locationId: "store-a", date: "2030-01-16", closed: true, reason: " New Year sale count " };

  it("answers the record to save, reason trimmed, hours null when closed", () => {
    expect(checkHoursException(request, now)).toEqual({ ...closed("2030-01-16", "New Year sale count") });
    expect(checkHoursException({ ...request, closed: false, opens: "06:00", closes: "24:00" }, now)).toMatchObject({
      closed: false,
      opens: "06:00",
      closes: "24:00",
    });
  });

  it("refuses a date that is not a calendar day, is past, or is more than a year ahead", () => {
    for (const date of ["2030-1-16", "16/01/2030", "2030-02-30", "2030-01-14", "2031-01-17"]) {
      expect(checkHoursException({ ...request, date }, now)).toMatchObject({ code: "INVALID_DATE", field: "date" });
    }
    expect(checkExceptionDate("2030-01-15", now)).toBeNull(); // today counts
    expect(checkExceptionDate("2031-01-16", now)).toBeNull(); // a year and a day
  });

  it("refuses hours on a closed day, missing or malformed hours, and closing before opening", () => {
    expect(checkHoursException({ ...request, opens: "09:00" }, now)).toMatchObject({ code: "INVALID_HOURS", field: "opens" });
    const open = { ...request, closed: false };
    expect(checkHoursException({ ...open, opens: "09:00" }, now)).toMatchObject({ code: "INVALID_HOURS", field: "closes" });
    expect(checkHoursException({ ...open, opens: "9:00", closes: "17:00" }, now)).toMatchObject({ code: "INVALID_HOURS", field: "opens" });
    expect(checkHoursException({ ...open, opens: "09:00", closes: "24:30" }, now)).toMatchObject({ code: "INVALID_HOURS" });
    expect(checkHoursException({ ...open, opens: "17:00", closes: "09:00" }, now)).toMatchObject({
      code: "INVALID_HOURS",
      field: "closes",
    });
    expect(checkHoursException({ ...open, opens: "09:00", closes: "09:00" }, now)).toMatchObject({ code: "INVALID_HOURS" });
  });

  it("refuses an empty or overlong reason", () => {
    expect(checkHoursException({ ...request, reason: "  " }, now)).toMatchObject({ code: "INVALID_REASON" });
    expect(checkHoursException({ ...request, reason: "x".repeat(101) }, now)).toMatchObject({ code: "INVALID_REASON" });
  });

  it("lists only today's and later exceptions, by date", () => {
    const listed = upcoming([closed("2030-01-20"), closed("2030-01-14"), closed("2030-01-15")], now).map((e) => e.date);
    expect(listed).toEqual(["2030-01-15", "2030-01-20"]);
  });

  it("reads and writes calendar dates", () => {
    expect(parseIsoDate("2030-01-15")).toEqual({ year: 2030, month: 1, day: 15, weekday: 2 });
    expect(parseIsoDate("2028-02-29")).not.toBeNull();
    expect(parseIsoDate("2030-02-29")).toBeNull();
    expect(isoDate({ year: 2030, month: 3, day: 9 })).toBe("2030-03-09");
  });
});
