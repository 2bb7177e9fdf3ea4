import { context, trace, type Span } from "@opentelemetry/api";
import { afterAll, describe, expect, it, vi } from "vitest";
import { skipUnrecordedSpans } from "../../lib/tracing.js";
import { startGraph } from "../helpers/graph.js";

// The provider is global to the process: unregistered when this file is done.
afterAll(() => {
  trace.disable();
});

const spanOf = () => trace.getTracer("apollo/gateway-js").startActiveSpan("gateway.request", (span) => span);

describe("the gateway's OpenTelemetry spans, when nobody traces it", () => {
  it("are one shared unrecorded span, the callback run at once with it and its value returned", async () => {
    // The API's own no-op tracer makes a new span each time.
    expect(spanOf()).not.toBe(spanOf());
    expect(skipUnrecordedSpans()).toBe(true);
    const span = spanOf();
    expect(spanOf()).toBe(span);
    expect(span.isRecording()).toBe(false);
    expect(trace.isSpanContextValid(span.spanContext())).toBe(false);
    const tracer = trace.getTracer("apollo/gateway-js");
    let ran = false;
    const result = tracer.startActiveSpan("gateway.fetch", { attributes: { service: "catalog" } }, async (s: Span) => {
      ran = true;
      s.setAttributes({ service: "catalog" }).end();
      return 42;
    });
    expect(ran).toBe(true);
    await expect(result).resolves.toBe(42);
    expect(tracer.startActiveSpan("gateway.plan", {}, context.active(), (s: Span) => s)).toBe(span);
  });

  it("stand aside for a provider registered first, as an OpenTelemetry SDK would be", () => {
    expect(skipUnrecordedSpans()).toBe(false);
  });

  it("still wrap every step of a federated request, which answers as before", async () => {
    const end = vi.spyOn(spanOf(), "end");
    const graph = await startGraph();
    try {
      const answer = await graph.query(`{ categories { id } }`);
      expect(answer.body.data.categories.length).toBeGreaterThan(0);
      // request, validate, plan, execute, fetch and post-processing
      expect(end.mock.calls.length).toBeGreaterThanOrEqual(5);
    } finally {
      end.mockRestore();
      await graph.close();
    }
  });
});
