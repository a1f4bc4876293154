// Rate limits: each client has a budget of points per minute (RATE_LIMIT; 0 turns it off). A
// client is its API key when it sends a valid one, else its address (the socket's, or with
// TRUST_PROXY the first address of X-Forwarded-For, which the proxy in front of us sets). Every
// operation costs 1 point plus 1 per thousand objects of its estimated cost (the cost limit's
// estimate, src/plugins/limits.ts), GitHub's model: a client may send many small queries or a few
// large ones. Answers served from the response cache cost nothing.
//
// Past the budget an operation is refused before it runs: HTTP 429 with Retry-After (seconds to
// the window's end) and code RATE_LIMITED. A client's window is the minute from its first
// operation, then the next from its first operation after that. With REDIS_URL the budget is
// counted in Redis by one Lua script (increment and expiry in one step), so it holds across every
// instance; without, per instance. If Redis cannot be reached the request is let through: a
// rate limit must not take reads down with it.
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Context } from "../context.ts";
import { analyseOperation } from "./limits.ts";

const WINDOW_MS = 60_000;

export interface RateCounter {
  /** Adds `points` to `key`'s current window; returns the window's total and the ms until it ends. */
  charge(key: string, points: number): Promise<{ used: number; resetMs: number }>;
}

export function memoryRateCounter(now = () => Date.now()): RateCounter {
  const windows = new Map<string, { start: number; used: number }>();
  return {
    async charge(key, points) {
      const t = now();
      let window = windows.get(key);
      if (!window || t - window.start >= WINDOW_MS) {
        // Ended windows go as new ones open, so the map holds about one minute of clients.
        if (windows.size > 10_000) for (const [k, w] of windows) if (t - w.start >= WINDOW_MS) windows.delete(k);
        window = { start: t, used: 0 };
        windows.set(key, window);
      }
      window.used += points;
      return { used: window.used, resetMs: window.start + WINDOW_MS - t };
    },
  };
}

// The key lives one window from its first charge: increment and expiry in one atomic step.
const CHARGE = `
local used = redis.call('INCRBY', KEYS[1], ARGV[1])
if used == tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return {used, redis.call('PTTL', KEYS[1])}
`;

export function redisRateCounter(redis: Redis, prefix: string): RateCounter {
  return {
    async charge(key, points) {
      const [used, ttl] = (await redis.eval(CHARGE, 1, `${prefix}rl:${key}`, points, WINDOW_MS)) as [number, number];
      return { used, resetMs: ttl > 0 ? ttl : WINDOW_MS };
    },
  };
}

/** Points an operation costs: 1, plus 1 per thousand objects it may ask for. */
export function pointsFor(cost: number): number {
  return 1 + Math.floor(cost / 1000);
}

export function useRateLimit(options: { limit: number; counter: RateCounter; logger: Logger }): Plugin {
  const check = async (args: { schema: never; document: never; operationName?: string | null; variableValues?: Record<string, unknown> | null; contextValue: unknown }) => {
    const context = args.contextValue as Context;
    const { cost } = analyseOperation(args.schema, args.document, args.operationName ?? undefined, args.variableValues ?? {});
    const points = pointsFor(cost);
    let charged;
    try {
      charged = await options.counter.charge(context.client, points);
    } catch (err) {
      options.logger.warn({ err }, "rate limit: Redis unreachable; request let through");
      return null;
    }
    if (charged.used <= options.limit) return null;
    const retryAfter = Math.max(1, Math.ceil(charged.resetMs / 1000));
    return new GraphQLError(
      `Rate limit of ${options.limit} points per minute exceeded (this operation costs ${points}); retry in ${retryAfter} s.`,
      { extensions: { code: "RATE_LIMITED", limit: options.limit, retryAfter, http: { status: 429, headers: { "Retry-After": String(retryAfter) } } } },
    );
  };
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const error = await check(args as never);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    async onSubscribe({ args, setSubscribeFn }) {
      const error = await check(args as never);
      if (error) setSubscribeFn(() => ({ errors: [error] }));
    },
  };
}
