/** Types for queries.mjs (the public benchmark's operations, copied from ../shared/federation-bench). */
export declare const BIG_QUERY: string;
export declare const TINY_QUERY: string;
export declare const QUERIES: Record<"big" | "tiny", { query: string; operationName: string }>;
