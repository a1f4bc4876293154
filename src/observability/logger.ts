// Structured JSON logs (pino). Every line written while a request is handled carries its request
// id: the request runs inside an AsyncLocalStorage scope (src/plugins/request-context.ts) and the
// logger's mixin reads it from there.
import { AsyncLocalStorage } from "node:async_hooks";
import { pino, type DestinationStream, type Logger } from "pino";

export interface RequestScope {
  requestId: string;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
      base: { service: "summitry" },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      // API keys (issue 4) arrive as Authorization headers; never let one reach a log line.
      redact: ["headers.authorization", "req.headers.authorization", "*.authorization"],
      serializers: { err: pino.stdSerializers.err, originalError: pino.stdSerializers.err },
    },
    options.destination,
  );
}

/** The process logger; tests pass their own to createServer. */
export const logger = createLogger();
