// Change events to subscribers. Every event goes out on one topic; with REDIS_URL the topic is a
// Redis channel, so a write on one service instance reaches subscribers on all of them (each
// instance, the writer included, hears it back from Redis). Without Redis it stays in process.
import { setMaxListeners } from "node:events";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub, Repeater } from "graphql-yoga";
import { userError } from "./errors.ts";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import { addChangePublisher, type ChangeEvent } from "./domain/events.ts";

export interface ChangePubSubOptions {
  /** Unset: in memory, this instance only. */
  redisUrl?: string;
  /**
   * The topic, and with Redis the channel name: instances that share a Redis and this name share
   * their events (default REDIS_CHANGES_CHANNEL, else "summitry:changes").
   */
  channel?: string;
  logger?: Logger;
  /** Open streams on this instance, in all and per client (MAX_SUBSCRIPTIONS, MAX_SUBSCRIPTIONS_PER_CLIENT). */
  maxStreams?: number;
  maxStreamsPerClient?: number;
}

export interface ChangePubSub {
  publish(events: readonly ChangeEvent[]): void;
  /**
   * Events that pass `match`, until the subscriber leaves or the pub/sub closes. `client` (see
   * Context.client) counts against the per-client bound; past a bound this throws
   * TOO_MANY_SUBSCRIPTIONS.
   */
  subscribe(match?: (event: ChangeEvent) => boolean, client?: string): AsyncIterableIterator<ChangeEvent>;
  /** Open subscription streams on this instance. */
  readonly subscriberCount: number;
  /**
   * Resolves once events published now reach this instance's open subscriptions (with Redis: its
   * SUBSCRIBE has been confirmed).
   */
  ready(): Promise<void>;
  /** Ends the open subscription streams (their clients see the stream complete). */
  endStreams(): void;
  /** Ends the streams, stops publishing and closes the Redis connections. */
  close(): Promise<void>;
}

export function createChangePubSub(options: ChangePubSubOptions = {}): ChangePubSub {
  const channel = options.channel ?? (process.env.REDIS_CHANGES_CHANNEL || "summitry:changes");
  const logger = options.logger;
  let clients: { publisher: Redis; subscriber: Redis } | undefined;
  let eventTarget: ReturnType<typeof createRedisEventTarget<CustomEvent<ChangeEvent>>> | undefined;
  if (options.redisUrl) {
    // Lazy: an instance nobody subscribes to and that writes nothing opens no connection. The
    // subscriber connection waits for Redis as long as it takes (no per-command retry limit) and
    // resubscribes on reconnect. No ready check on it: its INFO fails once a SUBSCRIBE sent between
    // connect and ready has put the connection in subscriber mode, and the reconnect that follows
    // drops that subscription (seen in about one run in four of the Redis test).
    const publisher = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    const subscriber = new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null, enableReadyCheck: false });
    for (const [name, client] of [["publish", publisher], ["subscribe", subscriber]] as const) {
      client.on("error", (err) => logger?.warn({ err }, `change events: Redis (${name}) connection error`));
    }
    clients = { publisher, subscriber };
    eventTarget = createRedisEventTarget<CustomEvent<ChangeEvent>>({
      publishClient: settled(publisher, logger),
      subscribeClient: settled(subscriber, logger),
    });
  }
  // In-process events go through a Node EventTarget, one listener per open stream: its default of
  // 10 listeners would print a leak warning on the eleventh subscriber, though the streams are
  // bounded by MAX_SUBSCRIPTIONS (with Redis, the Redis event target keeps its own listeners).
  const local = new EventTarget();
  setMaxListeners(Number.isFinite(options.maxStreams) ? options.maxStreams! + 1 : 0, local);
  const pubsub = createPubSub<Record<string, [ChangeEvent]>>({ eventTarget: eventTarget ?? (local as never) });
  const streams = new Set<() => void>();
  /** Streams handed out whose executor has not started yet. */
  let pending = 0;
  let closed = false;

  const perClient = new Map<string, number>();
  const maxStreams = options.maxStreams ?? Infinity;
  const maxPerClient = options.maxStreamsPerClient ?? Infinity;

  // Deferred to the next turn of the event loop: the writer's request answers first, and the
  // fan-out to subscribers (each resolving its selection) does not run on its path.
  const publish = (events: readonly ChangeEvent[]) => {
    if (closed || events.length === 0) return;
    setImmediate(() => {
      if (closed) return;
      for (const event of events) pubsub.publish(channel, event);
    });
  };
  // Every write in the process goes out through every registered pub/sub. In production that is
  // one per process; two Redis-backed ones in one process would each publish it to the channel.
  const unregister = addChangePublisher(publish);
  const endStreams = () => {
    for (const end of [...streams]) end();
  };

  return {
    publish,
    subscribe(match = () => true, client = "anonymous") {
      // Counted when asked for, so a burst of subscriptions cannot pass the bound before any starts.
      if (streams.size + pending >= maxStreams) {
        throw userError("TOO_MANY_SUBSCRIPTIONS", `This server holds at most ${maxStreams} open subscriptions; try again later.`, { maximum: maxStreams });
      }
      if ((perClient.get(client) ?? 0) >= maxPerClient) {
        throw userError("TOO_MANY_SUBSCRIPTIONS", `At most ${maxPerClient} open subscriptions per client; close one first.`, { maximum: maxPerClient });
      }
      perClient.set(client, (perClient.get(client) ?? 0) + 1);
      pending++;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        const left = (perClient.get(client) ?? 1) - 1;
        if (left > 0) perClient.set(client, left);
        else perClient.delete(client);
      };
      let started = false;
      const repeater = new Repeater<ChangeEvent>(async (push, stop) => {
        started = true;
        pending--;
        if (closed) {
          release();
          return stop();
        }
        const source = pubsub.subscribe(channel);
        const end = () => stop();
        streams.add(end);
        void stop.then(() => {
          streams.delete(end);
          release();
          void source.return();
        });
        // Not awaiting push drains the shared topic at once; a client that falls 1024 events behind
        // gets an overflow error on its own stream instead of stalling the topic.
        for await (const event of source) if (match(event)) void push(event);
        stop();
      });
      // A stream given up before its first read never runs the executor: release its slots here.
      const giveUp = repeater.return.bind(repeater);
      repeater.return = (value?: unknown) => {
        if (!started) {
          started = true;
          pending--;
          release();
        }
        return giveUp(value as never);
      };
      return repeater;
    },
    get subscriberCount() {
      return streams.size;
    },
    async ready() {
      // Commands on one connection run in order: once this SUBSCRIBE is confirmed, so is the one
      // the event target sent for the first subscriber.
      if (clients) await clients.subscriber.subscribe(channel);
    },
    endStreams,
    async close() {
      if (closed) return;
      closed = true;
      unregister();
      endStreams();
      if (clients) {
        // Let the ended streams' UNSUBSCRIBE go out before QUIT.
        await new Promise((resolve) => setImmediate(resolve));
        await Promise.all(
          // QUIT only on a live connection: on one that is (re)connecting it would wait for Redis.
          Object.values(clients).map((c) => (c.status === "ready" ? c.quit().catch(() => c.disconnect()) : c.disconnect())),
        );
      }
    },
  };
}

/**
 * The event target sends PUBLISH, SUBSCRIBE and UNSUBSCRIBE without awaiting them; a failure
 * (Redis down, or the connection closing) would be an unhandled rejection, which ends a Node
 * process. This view of the client logs it instead: a lost live event is recoverable from the
 * change feed, a crashed server is not.
 */
function settled(client: Redis, logger: Logger | undefined): Redis {
  const guarded = new Set<PropertyKey>(["publish", "subscribe", "unsubscribe"]);
  return new Proxy(client, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== "function") return value;
      if (!guarded.has(property)) return value.bind(target);
      return (...args: unknown[]) =>
        (value.apply(target, args) as Promise<unknown>).catch((err: unknown) => {
          logger?.warn({ err }, `change events: Redis ${String(property)} failed`);
        });
    },
  });
}
