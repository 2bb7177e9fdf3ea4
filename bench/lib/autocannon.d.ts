// The little of autocannon's API the bench uses (the package ships no types).
declare module "autocannon" {
  namespace autocannon {
    interface Result {
      errors: number;
      timeouts: number;
    }
    interface Instance {
      on(event: "response", listener: (client: unknown, status: number, bytes: number, ms: number) => void): void;
    }
  }
  function autocannon(
    options: Record<string, unknown>,
    done: (error: Error | null, result: autocannon.Result) => void,
  ): autocannon.Instance;
  export default autocannon;
}
