/** The moment the demo world was "captured"; every seeded timestamp is before it. */
export const DEMO_NOW = Date.parse("2026-11-01T12:00:00.000Z");
export const DAY = 86_400_000;
export const HOUR = 3_600_000;

export const iso = (ms: number) => new Date(ms).toISOString();
/** `n` in at least `width` digits: the demo's ids keep their scale-1 widths and grow longer past them. */
export const pad = (n: number, width: number) => String(n).padStart(width, "0");
