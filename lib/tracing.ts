import { INVALID_SPAN_CONTEXT, trace, type Span, type Tracer } from "@opentelemetry/api";

/** The one span every skipped span is: not recording, in no trace, and with nothing to hold. */
const UNRECORDED: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/**
 * A tracer that records nothing and does no work: startActiveSpan runs its callback at once with UNRECORDED.
 * The API's own no-op tracer, used while no provider is registered, still makes a span, copies the active context
 * to put it in and switches to that context, for every span.
 */
const unrecordedTracer = {
  startSpan: () => UNRECORDED,
  startActiveSpan(...args: unknown[]) {
    const callback = args[args.length - 1];
    return typeof callback === "function" ? callback(UNRECORDED) : undefined;
  },
} as Tracer;

/**
 * @apollo/gateway opens an OpenTelemetry span around every request, validation, plan, fetch and post-processing step,
 * through the global tracer provider. When nobody has registered one, each of those is a no-op that still costs a
 * span, a context object and a context switch: about 1 % of the gateway's busy time on a small query. Registering a
 * provider whose tracer only runs the callback removes that and changes nothing that can be observed: no span was
 * ever recorded or exported, and the contexts the no-op tracer built are not read by anything.
 *
 * It is global, so only a process entry (gateway/main.ts) calls it, and it stands aside when a provider is already
 * registered: to trace the gateway, register an OpenTelemetry SDK before main.ts runs (`node --import ./tracing.js`).
 * Returns whether it was registered.
 */
export function skipUnrecordedSpans(): boolean {
  return trace.setGlobalTracerProvider({ getTracer: () => unrecordedTracer });
}
