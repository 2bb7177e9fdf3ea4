// What a bench scenario is: who sends each operation, its weight in a mixed load, and which graph it runs on.

/** Who sends an operation: every request carries a freshly signed, distinct JWT for this person. */
export interface Person {
  role: "customer" | "associate" | "agent";
  id: string;
  storeId?: string;
}

export interface Operation {
  name: string;
  query: string;
  operationName?: string;
  as: Person;
  /** Share of a mixed load; 1 when the scenario has one operation. */
  weight: number;
}

/** Which subgraphs a scenario runs against: ours (the demo world) or the public benchmark's four. */
export type GraphName = "omnigraph" | "public";

export interface Scenario {
  name: string;
  graph: GraphName;
  /** What the scenario stands for, printed in bench/README.md. */
  about: string;
  operations: Operation[];
}
