import { describe, expect, it } from "vitest";
import { cleanText, emailKey } from "../../lib/text.js";

// The character rules every subgraph applies to what people type (lib/text.ts), one case per rule.

const field = ["input", "value"];
const refusedFor = (raw: string, rules: Partial<Parameters<typeof cleanText>[1]> = {}) => {
  const result = cleanText(raw, { field, ...rules });
  return result.ok ? null : result.error;
};

describe("cleanText", () => {
  it("normalizes to NFC and trims", () => {
    expect(cleanText("  Jose\u0301 ", { field })).toEqual({ ok: true, value: "Jos\u00e9" });
  });

  it.each([
    ["NUL", "a\u0000"],
    ["a C0 control", "a\u001bb"],
    ["DEL", "a\u007fb"],
    ["a C1 control", "a\u0085b"],
    ["a right-to-left override", "a\u202eb"],
    ["a left-to-right embedding", "a\u202ab"],
    ["a first-strong isolate", "a\u2068b"],
    ["a right-to-left mark", "a\u200fb"],
    ["the Arabic letter mark", "a\u061cb"],
    ["a zero-width space", "a\u200bb"],
    ["a word joiner", "a\u2060b"],
    ["a byte-order mark", "\ufeffab"],
    ["a soft hyphen", "a\u00adb"],
    ["a line separator", "a\u2028b"],
    ["a lone surrogate", "a\ud800b"],
    ["a line feed in a single-line value", "a\nb"],
  ])("refuses %s with INVALID_TEXT naming the field and the code point", (_what, raw) => {
    const error = refusedFor(raw);
    expect(error).toMatchObject({ code: "INVALID_TEXT", field });
    expect(error!.message).toMatch(/^value contains .+ \(U\+[0-9A-F]{4}\)/);
  });

  it("keeps line feeds and tabs in multi-line text, reading CR LF and CR as LF", () => {
    expect(cleanText("one\r\ntwo\rthree\tfour", { field, multiline: true })).toEqual({ ok: true, value: "one\ntwo\nthree\tfour" });
    expect(refusedFor("one\u0000two", { multiline: true })).toMatchObject({ code: "INVALID_TEXT" });
  });

  it("allows joiners between visible characters in names and free text, never at an end, next to a space or in an email", () => {
    expect(cleanText("👩\u200d💻", { field, multiline: true })).toEqual({ ok: true, value: "👩\u200d💻" });
    expect(cleanText("می\u200cخواهم", { field })).toEqual({ ok: true, value: "می\u200cخواهم" });
    expect(refusedFor("Ann\u200d")).toMatchObject({ code: "INVALID_TEXT" });
    expect(refusedFor("Ann \u200cLee")).toMatchObject({ code: "INVALID_TEXT" });
    expect(refusedFor("a\u200db@example.com", { kind: "email" })).toMatchObject({ code: "INVALID_TEXT" });
  });

  it("keeps emoji tag sequences (subdivision flags) in free text only", () => {
    const england = "\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}";
    expect(cleanText(`Go ${england}`, { field, multiline: true })).toEqual({ ok: true, value: `Go ${england}` });
    expect(refusedFor(`Go ${england}`)).toMatchObject({ code: "INVALID_TEXT" });
  });

  it("refuses a value over maxLength with the field's own code", () => {
    expect(refusedFor("abcdef", { maxLength: 5, tooLongCode: "INVALID_SUMMARY", what: "A summary" })).toEqual({
      code: "INVALID_SUMMARY",
      message: "A summary is at most 5 characters.",
      field,
    });
  });
});

describe("emailKey", () => {
  it("is one key for every case, Unicode form and surrounding space of an address", () => {
    const keys = new Set(["René@Example.com", " rene\u0301@example.COM ", "RENÉ@EXAMPLE.COM"].map(emailKey));
    expect([...keys]).toEqual(["rené@example.com"]);
  });
});
