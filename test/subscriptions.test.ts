// Live updates over Server-Sent Events: subscriptions through yoga.fetch in process, fed by real
// writes (the loader, as import and the mutations use it), in memory and across two service
// instances through Redis (127.0.0.1:6379 here and in CI, or REDIS_URL).
import { randomUUID } from "node:crypto";
import { encodeGlobalID } from "@pothos/plugin-relay";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../src/db.ts";
import { datasetFromDocuments } from "../src/domain/dataset.ts";
import { changeEventsFor, publishChanges } from "../src/domain/events.ts";
import { loadDatasetWithLog } from "../src/domain/ingest.ts";
import { type ChangePubSub, createChangePubSub } from "../src/pubsub.ts";
import { createServer, CSRF_HEADER } from "../src/yoga.ts";

type Yoga = ReturnType<typeof createServer>;
type Message = { event: string; data: any };

/** One SSE response, read message by message; every read is bounded. */
class EventStream {
  private buffer = "";
  private pending: Promise<ReadableStreamReadResult<string>> | undefined;
  private done = false;

  constructor(
    readonly response: Response,
    private readonly reader: ReadableStreamDefaultReader<string>,
  ) {}

  /** The next `next` event's data, or undefined if none arrives within `ms`. */
  async next(ms = 5_000): Promise<any> {
    const deadline = Date.now() + ms;
    for (;;) {
      const message = this.take();
      if (message?.event === "next") return message.data;
      if (message) continue; // pings and `complete` carry no result
      if (this.done) return undefined;
      const left = deadline - Date.now();
      if (left <= 0) return undefined;
      this.pending ??= this.reader.read();
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        this.pending,
        new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), left))),
      ]);
      clearTimeout(timer);
      if (result === "timeout") return undefined;
      this.pending = undefined;
      if (result.done) this.done = true;
      else this.buffer += result.value;
    }
  }

  /** Read until the server ends the stream (bounded); true if it did. */
  async ended(ms = 5_000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.done && Date.now() < deadline) await this.next(deadline - Date.now());
    return this.done;
  }

  private take(): Message | undefined {
    const end = this.buffer.indexOf("\n\n");
    if (end < 0) return undefined;
    const block = this.buffer.slice(0, end);
    this.buffer = this.buffer.slice(end + 2);
    let event = "message";
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
    }
    return { event, data: data.length && data.join("\n") ? JSON.parse(data.join("\n")) : undefined };
  }

  async close() {
    await this.reader.cancel().catch(() => {});
  }
}

const streams: EventStream[] = [];

async function subscribe(yoga: Yoga, query: string): Promise<EventStream> {
  const response = await yoga.fetch("http://summitry.test/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ query }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const stream = new EventStream(response, response.body!.pipeThrough(new TextDecoderStream()).getReader());
  streams.push(stream);
  return stream;
}

async function until(what: string, predicate: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A new engagement between India and Pakistan, citing a new source: one committed write. */
async function writeEngagement(slug: string, title: string, status = "SPECULATED") {
  const dataset = datasetFromDocuments([
    {
      name: "subscriptions.test",
      document: {
        sources: [{ ref: "test-source", url: `urn:summitry:test:${slug}`, title: `Report on ${title}`, publisher: "Test Wire" }],
        engagements: [
          {
            slug,
            title,
            kind: "BILATERAL_MEETING",
            formality: "FORMAL",
            status,
            date: "2025-09",
            place: "Tianjin",
            placeCountry: "CN",
            participants: [
              { country: "IN", person: "rajnath-singh", role: "PARTICIPANT" },
              { country: "PK", person: "khawaja-muhammad-asif", role: "PARTICIPANT" },
            ],
            sources: ["test-source"],
          },
        ],
      },
    },
  ]);
  const { written } = await loadDatasetWithLog(db(), dataset, { actor: "subscriptions.test" });
  return changeEventsFor(db(), written);
}

const engagementSelection = `action changeId at countries
  engagement { title status participants { edges { node { country { code } } } } }`;

afterAll(async () => {
  await Promise.all(streams.map((s) => s.close()));
});

describe("subscriptions in memory", () => {
  let pubsub: ChangePubSub;
  let yoga: Yoga;
  beforeAll(() => {
    pubsub = createChangePubSub();
    yoga = createServer({ pubsub });
  });
  afterAll(async () => {
    await pubsub.close();
    await yoga.dispose();
  });

  it("sends a new India-Pakistan engagement to subscribers of either country and to fact subscribers, not to others", async () => {
    const pakistan = await subscribe(yoga, `subscription { engagementChanged(countries: ["PK"]) { ${engagementSelection} } }`);
    const china = await subscribe(yoga, `subscription { engagementChanged(countries: ["CN"]) { action engagement { title } } }`);
    const facts = await subscribe(
      yoga,
      `subscription { factChanged(types: ["Engagement", "EngagementParticipant"]) { changeId entityType entityId entityGlobalId action countries at } }`,
    );
    await until("three subscribers", () => pubsub.subscriberCount === 3);

    const events = await writeEngagement("tianjin-2025-in-pk-test", "India-Pakistan meeting at Tianjin (test)");
    await publishChanges(events);

    const engagementEvent = events.find((e) => e.entityType === "Engagement")!;
    expect(engagementEvent.countries).toEqual(["IN", "PK"]);
    expect(await pakistan.next()).toEqual({
      data: {
        engagementChanged: {
          action: "CREATE",
          changeId: engagementEvent.changeId,
          at: engagementEvent.at,
          countries: ["IN", "PK"],
          engagement: {
            title: "India-Pakistan meeting at Tianjin (test)",
            status: "SPECULATED",
            participants: { edges: [{ node: { country: { code: "IN" } } }, { node: { country: { code: "PK" } } }] },
          },
        },
      },
    });

    const received = [await facts.next(), await facts.next(), await facts.next()].map((m) => m?.data?.factChanged);
    expect(received).toEqual(
      events
        .filter((e) => e.entityType === "Engagement" || e.entityType === "EngagementParticipant")
        .map((e) => ({
          changeId: e.changeId,
          entityType: e.entityType,
          entityId: e.entityId,
          entityGlobalId: encodeGlobalID(e.entityType, e.entityId),
          action: "CREATE",
          countries: ["IN", "PK"],
          at: e.at,
        })),
    );
    expect(received.map((f) => f.entityType).sort()).toEqual(["Engagement", "EngagementParticipant", "EngagementParticipant"]);
    // Sources and citations were written too, but are not what this subscriber asked for.
    expect(events.map((e) => e.entityType)).toEqual(expect.arrayContaining(["Source", "Citation"]));
    expect(await facts.next(300)).toBeUndefined();

    expect(await china.next(500)).toBeUndefined();
  });

  it("reads the engagement fresh when its status changes", async () => {
    const held = await subscribe(yoga, `subscription { engagementChanged(countries: ["IN"]) { ${engagementSelection} } }`);
    await until("the subscriber", () => pubsub.subscriberCount === 4);
    const events = await writeEngagement("tianjin-2025-in-pk-test", "India-Pakistan meeting at Tianjin (test)", "HELD");
    await publishChanges(events);
    const message = await held.next();
    expect(message.data.engagementChanged).toMatchObject({ action: "UPDATE", engagement: { status: "HELD" } });
  });

  it("ends the subscription when the client goes away, and all of them when the server stops", async () => {
    const before = pubsub.subscriberCount;
    await streams.at(-1)!.close();
    await until("the listener to go", () => pubsub.subscriberCount === before - 1);

    const open = streams.slice(0, 3);
    pubsub.endStreams();
    for (const stream of open) expect(await stream.ended()).toBe(true);
    expect(pubsub.subscriberCount).toBe(0);
  });

  it("refuses an unknown country code instead of staying silent", async () => {
    const stream = await subscribe(yoga, `subscription { engagementChanged(countries: ["XX"]) { action } }`);
    const message = await stream.next();
    expect(message.errors).toMatchObject([{ message: "Unknown country code: XX", extensions: { code: "UNKNOWN_COUNTRY" } }]);
    expect(await stream.ended()).toBe(true);
  });

  it("serves GET subscriptions only with the CSRF header, as for every GET", async () => {
    const url = `http://summitry.test/graphql?query=${encodeURIComponent("subscription { factChanged { entityType action } }")}`;
    const refused = await yoga.fetch(url, { headers: { accept: "text/event-stream" } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('"code":"CSRF_HEADER_REQUIRED"');
    const accepted = await yoga.fetch(url, { headers: { accept: "text/event-stream", [CSRF_HEADER]: "1" } });
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get("content-type")).toMatch(/^text\/event-stream/);
    // Yoga's in-process stream starts on the first read; cancelling before it would throw inside Yoga.
    const reader = accepted.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe(":\n\n");
    await reader.cancel();
  });
});

describe("subscriptions across service instances (Redis)", () => {
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  // A channel of its own, so parallel runs sharing the Redis never hear each other.
  const channel = `summitry:test:${randomUUID()}:changes`;
  let pubsubA: ChangePubSub;
  let pubsubB: ChangePubSub;
  let yogaA: Yoga;
  let yogaB: Yoga;
  beforeAll(() => {
    pubsubA = createChangePubSub({ redisUrl, channel });
    pubsubB = createChangePubSub({ redisUrl, channel });
    yogaA = createServer({ pubsub: pubsubA });
    yogaB = createServer({ pubsub: pubsubB });
  });
  afterAll(async () => {
    await Promise.all([pubsubA?.close(), pubsubB?.close()]);
    await Promise.all([yogaA?.dispose(), yogaB?.dispose()]);
  });

  it("a write published on instance A reaches a subscriber on instance B", async () => {
    const onB = await subscribe(yogaB, `subscription { engagementChanged(countries: ["IN"]) { ${engagementSelection} } }`);
    const otherOnB = await subscribe(yogaB, `subscription { engagementChanged(countries: ["RU"]) { action } }`);
    await until("the subscribers on B", () => pubsubB.subscriberCount === 2);
    await pubsubB.ready();

    const events = await writeEngagement("redis-2025-in-pk-test", "India-Pakistan meeting heard across instances (test)");
    // Through A's pub/sub only: B's subscriber can hear it only from Redis.
    pubsubA.publish(events);

    const engagementEvent = events.find((e) => e.entityType === "Engagement")!;
    expect(await onB.next()).toEqual({
      data: {
        engagementChanged: {
          action: "CREATE",
          changeId: engagementEvent.changeId,
          at: engagementEvent.at,
          countries: ["IN", "PK"],
          engagement: {
            title: "India-Pakistan meeting heard across instances (test)",
            status: "SPECULATED",
            participants: { edges: [{ node: { country: { code: "IN" } } }, { node: { country: { code: "PK" } } }] },
          },
        },
      },
    });
    expect(await onB.next(300)).toBeUndefined();
    expect(await otherOnB.next(300)).toBeUndefined();
  });
});
