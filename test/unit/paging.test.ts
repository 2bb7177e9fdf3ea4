import { describe, expect, it } from "vitest";
import { ErrorCode } from "../../lib/errors.js";
import {
  connectionOf,
  decodeCursor,
  type ConnectionValue,
  DEFAULT_PAGE_SIZE,
  encodeCursor,
  MAX_PAGE_SIZE,
  pageRequest,
  paginate,
} from "../../lib/paging.js";

// Cursors and pages of every connection (lib/paging.ts).

const codeOf = (run: () => unknown) => {
  try {
    run();
    return null;
  } catch (error) {
    return (error as { extensions?: { code?: unknown; field?: unknown } }).extensions;
  }
};

describe("cursors", () => {
  it("round-trip an offset within their list, and are opaque (no plain offset to tamper with)", () => {
    const cursor = encodeCursor("products", 41);
    expect(decodeCursor("products", cursor)).toBe(41);
    expect(cursor).not.toContain("41");
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("from another list, malformed or negative, are BAD_USER_INPUT on `after`", () => {
    const refusals = [
      () => decodeCursor("orders", encodeCursor("products", 3)),
      () => decodeCursor("products", "not a cursor"),
      () => decodeCursor("products", Buffer.from("products:-1").toString("base64url")),
      () => decodeCursor("products", Buffer.from("products:1.5").toString("base64url")),
    ];
    for (const refusal of refusals) expect(codeOf(refusal)).toEqual({ code: ErrorCode.BAD_USER_INPUT, field: ["after"] });
  });
});

describe("page requests", () => {
  it("default to DEFAULT_PAGE_SIZE from the start; `after` starts just past its item", () => {
    expect(pageRequest("p", null, null)).toEqual({ first: DEFAULT_PAGE_SIZE, offset: 0 });
    expect(pageRequest("p", 5, encodeCursor("p", 9))).toEqual({ first: 5, offset: 10 });
    expect(pageRequest("p", 0, undefined)).toEqual({ first: 0, offset: 0 });
  });

  it("refuse `first` below 0, above MAX_PAGE_SIZE or not whole, rather than clamping it", () => {
    expect(pageRequest("p", MAX_PAGE_SIZE, null).first).toBe(MAX_PAGE_SIZE);
    for (const first of [-1, MAX_PAGE_SIZE + 1, 2.5]) {
      expect(
        codeOf(() => pageRequest("p", first, null)),
        String(first),
      ).toEqual({ code: ErrorCode.BAD_USER_INPUT, field: ["first"] });
    }
  });
});

describe("connections", () => {
  const letters = ["a", "b", "c", "d", "e"];

  it("page through a list to its end, each page's endCursor leading to the next", () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: ConnectionValue<string> = paginate("letters", letters, pageRequest("letters", 2, after));
      seen.push(...page.nodes);
      expect(page.totalCount).toBe(5);
      expect(page.edges.map((edge) => edge.node)).toEqual(page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(letters);
  });

  it("say there is no next page and no end cursor past the end", () => {
    const page = paginate("letters", letters, { first: 3, offset: 5 });
    expect(page).toEqual({ edges: [], nodes: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 5 });
  });

  it("number their cursors from where the page starts in the whole list", () => {
    const page = connectionOf("letters", { first: 2, offset: 3 }, ["d", "e"], 5);
    expect(page.edges.map((edge) => decodeCursor("letters", edge.cursor))).toEqual([3, 4]);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect(connectionOf("letters", { first: 2, offset: 0 }, ["a", "b"], 5).pageInfo.hasNextPage).toBe(true);
  });
});
