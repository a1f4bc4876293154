// Live updates: change events as GraphQL subscriptions, served over Server-Sent Events by Yoga.
// Each event comes from this instance's pub/sub (src/pubsub.ts), which with REDIS_URL carries the
// writes of every instance. Reading is open, and so is subscribing.
import { encodeGlobalID } from "@pothos/plugin-relay";
import { builder } from "../builder.ts";
import { primary } from "../db.ts";
import type { ChangeEvent } from "../domain/events.ts";
import { countryIds, normaliseCountryCode } from "../domain/lookups.ts";
import { ChangeAction } from "./changes.ts";

const reads = new WeakMap<ChangeEvent, Map<string, Promise<unknown>>>();

/** `load` once per event and key, however many subscribers resolve it. */
function sharedRead<T>(event: ChangeEvent, key: string, load: () => Promise<T>): Promise<T> {
  let byKey = reads.get(event);
  if (!byKey) reads.set(event, (byKey = new Map()));
  let read = byKey.get(key) as Promise<T> | undefined;
  if (!read) byKey.set(key, (read = load()));
  return read;
}

const EngagementChange = builder.objectRef<ChangeEvent>("EngagementChange").implement({
  description: "An engagement was created, updated, retracted or changed status.",
  fields: (t) => ({
    action: t.field({ type: ChangeAction, description: "What was done to it.", resolve: (e) => e.action }),
    changeId: t.exposeString("changeId", { description: "The change log entry (see `changes`)." }),
    at: t.field({ type: "DateTime", description: "When it was written.", resolve: (e) => new Date(e.at) }),
    countries: t.exposeStringList("countries", { description: "ISO codes of the participants' countries." }),
    engagement: t.prismaField({
      type: "Engagement",
      nullable: true,
      description: "The engagement as it is now, read when the event arrives.",
      // The primary: the event follows the commit at once, and a replica may not have it yet.
      // Every subscriber gets the same event object: one read per event and selection, shared.
      resolve: (query, e) => sharedRead(e, JSON.stringify(query), () => primary().engagement.findUnique({ ...query, where: { id: e.entityId } })),
    }),
  }),
});

const FactChange = builder.objectRef<ChangeEvent>("FactChange").implement({
  description: "A row of any kind was written; `changes(since:)` has its before and after.",
  fields: (t) => ({
    changeId: t.exposeString("changeId", { description: "The change log entry (see `changes`)." }),
    entityType: t.exposeString("entityType", { description: 'The kind of row: "Engagement", "Citation", ...' }),
    entityId: t.exposeInt("entityId", { description: "The row's database id." }),
    entityGlobalId: t.id({
      nullable: true,
      description: "The row's global ID for node(id:), when its type is a Node (citations and incident names are not).",
      resolve: (e, _args, _context, info) => {
        const type = info.schema.getType(e.entityType);
        const isNode = !!type && "getInterfaces" in type && type.getInterfaces().some((i) => i.name === "Node");
        return isNode ? encodeGlobalID(e.entityType, e.entityId) : null;
      },
    }),
    action: t.field({ type: ChangeAction, description: "What was done to the row.", resolve: (e) => e.action }),
    at: t.field({ type: "DateTime", description: "When it was written.", resolve: (e) => new Date(e.at) }),
    countries: t.exposeStringList("countries", { description: "ISO codes of the countries the fact involves." }),
  }),
});

builder.subscriptionType({
  description:
    "Live updates over Server-Sent Events: POST (or GET) /graphql with `Accept: text/event-stream`. " +
    "Events arrive after the write commits; a client that reconnects catches up with `changes(since:)`.",
  fields: (t) => ({
    engagementChanged: t.field({
      type: EngagementChange,
      description: "Engagements written from now on (created, updated, retracted, status changed).",
      args: {
        countries: t.arg.stringList({
          required: false,
          description: "Only engagements with participants from all of these countries (ISO alpha-2); none: all.",
        }),
        anyCountries: t.arg.stringList({
          required: false,
          description: "Only engagements with a participant from at least one of these countries (ISO alpha-2).",
        }),
      },
      subscribe: async (_root, args, context) => {
        // Checked once, up front: an unknown code is an error, not a stream that stays silent.
        const all = args.countries?.length ? args.countries.map(normaliseCountryCode) : [];
        const any = args.anyCountries?.length ? args.anyCountries.map(normaliseCountryCode) : null;
        if (all.length || any) await countryIds([...all, ...(any ?? [])]);
        return context.pubsub.subscribe(
          (e) =>
            e.entityType === "Engagement" &&
            all.every((c) => e.countries.includes(c)) &&
            (!any || e.countries.some((c) => any.includes(c))),
          context.client,
        );
      },
      resolve: (event) => event,
    }),
    factChanged: t.field({
      type: FactChange,
      description: "Every row written from now on, of any kind or of the given kinds.",
      args: {
        types: t.arg.stringList({
          required: false,
          description: 'Only these kinds of row (the change log\'s entityType, e.g. ["Engagement", "Statement"]); none: all.',
        }),
      },
      subscribe: (_root, args, context) => {
        const types = args.types?.length ? new Set(args.types) : undefined;
        return context.pubsub.subscribe((e) => !types || types.has(e.entityType), context.client);
      },
      resolve: (event) => event,
    }),
  }),
});
