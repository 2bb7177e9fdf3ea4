/** The bus's id of the event a payload answers: the SSE transport writes it as the event's `id:` (Last-Event-ID). */
export const STREAM_ID = Symbol("stream id");
