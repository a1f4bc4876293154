// Analyst questions answered in one request: the last contact between two countries, a
// chronological timeline, search and engagement counts. The SQL lives in
// src/domain/analysis.ts and src/domain/search.ts; here the rows become GraphQL, loading each entity type once per page.
import { queryFromInfo } from "@pothos/plugin-prisma";
import type { GraphQLResolveInfo } from "graphql";
import { builder, DEFAULT_PAGE_SIZE, maxPageSize } from "../builder.ts";
import { db } from "../db.ts";
import {
  engagementStats,
  lastContact,
  type ContactSide,
  timelineCount,
  timelinePage,
  type TimelineKey,
  type TimelineKind,
  type TimelineQuery,
} from "../domain/analysis.ts";
import { dayRange, type PartialDate } from "../domain/dates.ts";
import { SEARCH_COUNT_CAP, searchPage, type SearchKind } from "../domain/search.ts";
import { COUNT_CAP } from "../domain/counting.ts";
import { countryIds, organisationId, personIds } from "../domain/lookups.ts";
import { userError } from "../errors.ts";
import { Country } from "./country.ts";
import { decodeCursor, decodeOffset, encodeCursor, encodeOffset } from "./cursors.ts";
import { Engagement, EngagementFilter, EngagementKind, EngagementStatus, resolveFilterArg } from "./engagement.ts";
import { Incident } from "./incident.ts";
import { Organisation } from "./organisation.ts";
import { Person, Portfolio } from "./person.ts";
import { Statement } from "./statement.ts";
import { Summit } from "./summit.ts";

type Tagged<T = Record<string, unknown>> = T & { __typename: string };

const delegates = {
  Organisation: () => db().organisation,
  Country: () => db().country,
  Person: () => db().person,
  Summit: () => db().summit,
  Engagement: () => db().engagement,
  Incident: () => db().incident,
  Statement: () => db().statement,
} as const;

/**
 * Loads the rows behind a page of mixed (kind, id) keys: one query per kind present, each with
 * the nested selection the client asked for under `path`, and returns them in page order.
 */
async function loadMixed(
  keys: { kind: keyof typeof delegates; id: number }[],
  context: object,
  info: GraphQLResolveInfo,
  path: string[],
): Promise<Tagged[]> {
  const byKind = new Map<keyof typeof delegates, number[]>();
  for (const k of keys) byKind.set(k.kind, [...(byKind.get(k.kind) ?? []), k.id]);
  const loaded = new Map<string, Tagged>();
  await Promise.all(
    [...byKind].map(async ([kind, ids]) => {
      const query = queryFromInfo({ context, info, typeName: kind, path });
      const rows = (await (delegates[kind]() as unknown as { findMany(a: object): Promise<Record<string, unknown>[]> }).findMany({
        ...query,
        where: { id: { in: ids } },
      })) as Record<string, unknown>[];
      for (const row of rows) loaded.set(`${kind}:${row.id}`, { ...row, __typename: kind });
    }),
  );
  return keys.map((k) => loaded.get(`${k.kind}:${k.id}`)).filter((r): r is Tagged => r !== undefined);
}

function pageSize(args: { first?: number | null }) {
  maxPageSize(args);
  return args.first ?? DEFAULT_PAGE_SIZE;
}


// ---------------------------------------------------------------------------------------------
// lastContact

export const ContactKind = builder.enumType("ContactKind", {
  description: "What kind of occasion brought the two countries together.",
  values: {
    BILATERAL_MEETING: { description: "A held bilateral meeting of the two." },
    MULTILATERAL_MEETING: { description: "A held meeting of three or more countries, both among them." },
    INFORMAL_ENCOUNTER: { description: "A held informal encounter with both taking part." },
    JOINT_EXERCISE: { description: "A joint exercise both countries' forces took part in." },
    COURTESY_CALL: { description: "A held courtesy call between the two." },
    SAME_SUMMIT: { description: "No engagement of their own: both attended the same summit in person." },
  } as const,
});

interface ContactShape {
  kind: typeof ContactKind.$inferType;
  date: PartialDate;
  place: string | null;
  placeCountryId: number | null;
  engagementId: number | null;
  summitId: number | null;
  /** The two sides, for a shared summit's sources: their attendance rows. */
  sides: { countryId: { in: number[] } } | { personId: { in: number[] } };
}

const LastContact = builder.objectRef<ContactShape>("LastContact").implement({
  description:
    "The most recent occasion on which two countries (or two people) met: a held engagement with both as participants, " +
    "or a summit both attended in person.",
  fields: (t) => ({
    kind: t.field({ type: ContactKind, description: "The kind of engagement, or SAME_SUMMIT.", resolve: (c) => c.kind }),
    date: t.field({ type: "PartialDate", description: "When: the engagement's date, or the summit's start.", resolve: (c) => c.date }),
    place: t.string({ nullable: true, description: "Where: the engagement's place, or the summit's city.", resolve: (c) => c.place }),
    placeCountry: t.prismaField({
      type: "Country",
      nullable: true,
      description: "The country it took place in (a summit's host country).",
      resolve: (query, c) => (c.placeCountryId ? db().country.findUnique({ ...query, where: { id: c.placeCountryId } }) : null),
    }),
    engagement: t.prismaField({
      type: "Engagement",
      nullable: true,
      description: "The engagement, unless the contact was attending the same summit.",
      resolve: (query, c) => (c.engagementId ? db().engagement.findUnique({ ...query, where: { id: c.engagementId } }) : null),
    }),
    summit: t.prismaField({
      type: "Summit",
      nullable: true,
      description: "The summit it happened at or on the sidelines of.",
      resolve: (query, c) => (c.summitId ? db().summit.findUnique({ ...query, where: { id: c.summitId } }) : null),
    }),
    sources: t.prismaField({
      type: ["Source"],
      description: "For a meeting, its sources; for a shared summit, the sources of both sides' attendance.",
      resolve: (query, c) =>
        db().source.findMany({
          ...query,
          where: {
            citations: {
              some: c.engagementId ? { engagementId: c.engagementId } : { attendance: { summitId: c.summitId!, ...c.sides } },
            },
          },
          orderBy: { id: "asc" },
        }),
    }),
  }),
});

builder.queryField("lastContact", (t) =>
  t.field({
    type: LastContact,
    nullable: true,
    description:
      "When two countries (between) or two people (betweenPeople) last met: a HELD engagement with both as participants " +
      "(not a phone call), or a summit both attended in person. Scheduled, speculated, cancelled, denied meetings and " +
      "virtual or absent attendance do not count. Optionally at one organisation's forums, at the level of one portfolio, " +
      "before a date. Null when they never did as far as the data shows.",
    args: {
      between: t.arg.stringList({ required: false, description: "Exactly two ISO alpha-2 codes (or pass betweenPeople)." }),
      betweenPeople: t.arg.stringList({
        required: false,
        description: "Exactly two person slugs: when these two people last met (unknown slug: UNKNOWN_PERSON).",
      }),
      organisation: t.arg.string({ required: false, description: "Acronym, e.g. SCO." }),
      portfolio: t.arg({
        type: Portfolio,
        required: false,
        description:
          "Only occasions at this level: a meeting series of the portfolio, a joint exercise for DEFENCE, or a participant who held such an office then.",
      }),
      before: t.arg({ type: "PartialDate", required: false, description: "Only occasions that began before this date." }),
    },
    resolve: async (_root, args) => {
      if ((args.between == null) === (args.betweenPeople == null)) {
        throw userError("BAD_USER_INPUT", "Pass exactly one of between (two countries) or betweenPeople (two people).");
      }
      let sides: [ContactSide, ContactSide];
      let shapeSides: ContactShape["sides"];
      if (args.between) {
        const codes = [...new Set(args.between.map((c) => c.trim().toUpperCase()))];
        if (codes.length !== 2) {
          throw userError("BAD_USER_INPUT", "between takes exactly two different country codes", { between: args.between });
        }
        const [a, b] = (await countryIds(codes)) as [number, number];
        sides = [{ country: a }, { country: b }];
        shapeSides = { countryId: { in: [a, b] } };
      } else {
        const slugs = [...new Set(args.betweenPeople!.map((s) => s.trim()))];
        if (slugs.length !== 2) {
          throw userError("BAD_USER_INPUT", "betweenPeople takes exactly two different person slugs", { betweenPeople: args.betweenPeople });
        }
        const [a, b] = (await personIds(slugs)) as [number, number];
        sides = [{ person: a }, { person: b }];
        shapeSides = { personId: { in: [a, b] } };
      }
      const row = await lastContact({
        a: sides[0],
        b: sides[1],
        organisationId: args.organisation ? await organisationId(args.organisation) : null,
        portfolio: args.portfolio ?? null,
        before: args.before?.date ?? null,
      });
      if (!row) return null;
      return {
        kind: row.kind as ContactShape["kind"],
        date: { date: row.date, precision: row.precision },
        place: row.place,
        placeCountryId: row.placeCountryId,
        engagementId: row.source === "ENGAGEMENT" ? row.id : null,
        summitId: row.summitId,
        sides: shapeSides,
      };
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// timeline

const TimelineItem = builder.unionType("TimelineItem", {
  types: [Summit, Engagement, Incident, Statement],
  resolveType: (item) => (item as unknown as Tagged).__typename as never,
});

interface TimelinePageShape {
  q: TimelineQuery;
  /** Counted once, for totalCount and totalCountIsExact. */
  count?: ReturnType<typeof timelineCount>;
  items: (Tagged & { cursor: string })[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

const TimelineEdge = builder.objectRef<Tagged & { cursor: string }>("TimelineEdge").implement({
  description: "One dated item of a timeline.",
  fields: (t) => ({
    cursor: t.string({ description: "Where this item is in the timeline: pass it as after to continue from here.", resolve: (e) => e.cursor }),
    node: t.field({ type: TimelineItem, description: "The summit, engagement, incident or statement.", resolve: (e) => e as never }),
  }),
});

const PageInfoRef = builder.pageInfoRef();

/** Relay page info for a page of items that carry their cursors. */
function pageInfoOf(page: { items: { cursor: string }[]; hasNextPage: boolean; hasPreviousPage: boolean }) {
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: page.items[0]?.cursor ?? null,
    endCursor: page.items.at(-1)?.cursor ?? null,
  };
}

const TimelineConnection = builder.objectRef<TimelinePageShape>("TimelineConnection").implement({
  description: "A page of a timeline. It pages forwards only (first/after): items of four kinds interleave by date.",
  fields: (t) => ({
    edges: t.field({ type: [TimelineEdge], description: "This page's items, newest first.", resolve: (p) => p.items }),
    pageInfo: t.field({ type: PageInfoRef, description: "Whether more items follow, and the cursor to reach them.", resolve: pageInfoOf }),
    totalCount: t.int({
      description: `How many items the whole timeline has under these arguments, counted exactly up to ${COUNT_CAP}: a longer one says ${COUNT_CAP} and totalCountIsExact false.`,
      resolve: async (p) => (await (p.count ??= timelineCount(p.q))).n,
    }),
    totalCountIsExact: t.boolean({
      description: `False when the timeline has more than ${COUNT_CAP} items: totalCount is then a lower bound.`,
      resolve: async (p) => (await (p.count ??= timelineCount(p.q))).exact,
    }),
  }),
});

const isTimelineKey = (v: unknown): v is [string, TimelineKind, number] =>
  Array.isArray(v) &&
  v.length === 3 &&
  // A real calendar day, as the cursor was written (a day the database can compare with).
  typeof v[0] === "string" &&
  /^\d{4}-\d{2}-\d{2}$/.test(v[0]) &&
  new Date(`${v[0]}T00:00:00Z`).toISOString().startsWith(v[0]) &&
  ["Summit", "Engagement", "Incident", "Statement"].includes(v[1]) &&
  Number.isSafeInteger(v[2]) &&
  v[2] > 0 &&
  v[2] <= 2_147_483_647;

builder.queryField("timeline", (t) =>
  t.field({
    type: TimelineConnection,
    description:
      "Summits, engagements, incidents and statements involving the countries, newest first, in one connection. " +
      "A partial date sorts by its first day; a fact is in a date range when its own days may overlap it. " +
      "Pages forwards (first/after) and backwards (last/before).",
    args: {
      countries: t.arg.stringList({
        required: false,
        description:
          "ISO alpha-2 codes: all of them are involved (host, attendee, participant, party or speaker's country); none: everything.",
      }),
      anyCountries: t.arg.stringList({ required: false, description: "ISO alpha-2 codes: at least one of them is involved." }),
      from: t.arg({ type: "PartialDate", required: false, description: "Items whose dates may reach this or later (a summit's end counts)." }),
      to: t.arg({ type: "PartialDate", required: false, description: "Items that may have begun by this, inclusive of the whole period." }),
      on: t.arg({
        type: "PartialDate",
        required: false,
        description: 'Items whose dates may overlap this day, month or year (a summit 2025-06-25..26 is on "2025-06-26").',
      }),
      first: t.arg.int({ required: false, description: `Items from the start (or from after); default ${DEFAULT_PAGE_SIZE}, at most 100.` }),
      after: t.arg.string({ required: false, description: "Start after the item with this cursor." }),
      last: t.arg.int({ required: false, description: "The last (oldest) items of the window: with before, the page before a cursor." }),
      before: t.arg.string({ required: false, description: "End before the item with this cursor." }),
    },
    resolve: async (_root, args, context, info) => {
      maxPageSize(args);
      if (args.first != null && args.last != null) throw userError("BAD_USER_INPUT", "Pass first or last, not both.");
      const backwards = args.last != null || (args.before != null && args.first == null);
      const take = (backwards ? args.last : args.first) ?? DEFAULT_PAGE_SIZE;
      const q: TimelineQuery = {
        allCountryIds: args.countries?.length ? [...new Set(await countryIds(args.countries))] : [],
        anyCountryIds: args.anyCountries?.length ? await countryIds(args.anyCountries) : null,
        ...dayRange(args),
      };
      const keyOf = (cursor: string | null | undefined): TimelineKey | null => {
        if (!cursor) return null;
        const k = decodeCursor(cursor, isTimelineKey);
        return { date: new Date(`${k[0]}T00:00:00Z`), kind: k[1], id: k[2] };
      };
      const after = keyOf(args.after);
      const before = keyOf(args.before);
      const keys = await timelinePage(q, { after, before, from: backwards ? "oldest" : "newest", take: take + 1 });
      const more = keys.length > take;
      const read = keys.slice(0, take);
      const page = backwards ? read.reverse() : read;
      const rows = await loadMixed(page, context, info, ["edges", "node"]);
      const cursorOf = (k: TimelineKey) => encodeCursor([k.date.toISOString().slice(0, 10), k.kind, k.id]);
      return {
        q,
        items: rows.map((row, i) => ({ ...row, cursor: cursorOf(page[i]!) })),
        // Relay: the side we did not page from only says whether a cursor cut it off.
        hasNextPage: backwards ? before !== null : more,
        hasPreviousPage: backwards ? more : after !== null,
      };
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// search

const SearchResult = builder.unionType("SearchResult", {
  types: [Organisation, Country, Person, Summit, Engagement, Incident, Statement],
  resolveType: (item) => (item as unknown as Tagged).__typename as never,
});

interface SearchPageShape {
  total: number;
  exact: boolean;
  items: (Tagged & { cursor: string; rank: number })[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

const SearchEdge = builder.objectRef<Tagged & { cursor: string; rank: number }>("SearchEdge").implement({
  description: "One search hit, with how well it matches.",
  fields: (t) => ({
    cursor: t.string({ description: "Where this hit is in the ranking: pass it as after to continue from here.", resolve: (e) => e.cursor }),
    rank: t.float({
      description:
        "Relevance, 0..1, higher is better, in tiers: a thing one of whose names the query matches 0.55 to 1 (0.75 x how well: " +
        "the whole name 1, its beginning 0.9, every word of an office title or alternate name 0.5-0.8; + 0.25); a thing whose " +
        "own name, title or place holds every word 0.25; a thing whose text holds them elsewhere 0.1. Equal ranks: undated " +
        "things first, then newest first.",
      resolve: (e) => e.rank,
    }),
    node: t.field({ type: SearchResult, description: "The matching object.", resolve: (e) => e as never }),
  }),
});

const SearchConnection = builder.objectRef<SearchPageShape>("SearchConnection").implement({
  description: "A page of search hits, best first. It pages forwards only (first/after): the ranking is computed from the top.",
  fields: (t) => ({
    edges: t.field({ type: [SearchEdge], description: "This page's hits, best first.", resolve: (p) => p.items }),
    pageInfo: t.field({ type: PageInfoRef, description: "Whether more hits follow, and the cursor to reach them.", resolve: pageInfoOf }),
    totalCount: t.int({
      description:
        `How many objects match in all, counted exactly up to ${SEARCH_COUNT_CAP}. When more match it is ${SEARCH_COUNT_CAP} ` +
        "and totalCountIsExact is false: counting every match of a common word would cost as much as ranking them all.",
      resolve: (p) => p.total,
    }),
    totalCountIsExact: t.boolean({
      description: `False when more than ${SEARCH_COUNT_CAP} objects match: totalCount is then a lower bound.`,
      resolve: (p) => p.exact,
    }),
  }),
});

builder.queryField("search", (t) =>
  t.field({
    type: SearchConnection,
    description:
      "Ranked search over every name a thing goes by (names, acronyms, alternate names, an incident's names as each side " +
      "uses them, a summit's city, office titles) and over places, summaries and statements. Accents are ignored, British " +
      "and American spellings meet, and when nothing matches as written, names are matched despite a small typo. The thing " +
      'a query names ranks above things that mention it. Web-search syntax ("quoted phrases", OR, -excluded) matches words exactly.',
    args: {
      query: t.arg.string({ required: true, description: "The words to look for (at most 200 characters)." }),
      first: t.arg.int({ required: false, description: `Hits from the top (or from after); default ${DEFAULT_PAGE_SIZE}, at most 100.` }),
      after: t.arg.string({ required: false, description: "Start after the hit with this cursor." }),
    },
    resolve: async (_root, args, context, info) => {
      const text = args.query.trim();
      if (!text) throw userError("BAD_USER_INPUT", "search needs some words to look for");
      if (text.length > 200) throw userError("BAD_USER_INPUT", "search text is limited to 200 characters");
      const take = pageSize(args);
      const offset = args.after ? decodeOffset(args.after) + 1 : 0;
      const { hits, total, exact } = await searchPage(text, offset, take + 1);
      const page = hits.slice(0, take);
      const rows = await loadMixed(page as { kind: SearchKind; id: number }[], context, info, ["edges", "node"]);
      const rankOf = new Map(page.map((h) => [`${h.kind}:${h.id}`, h.rank]));
      return {
        total,
        exact,
        items: rows.map((row, i) => ({
          ...row,
          rank: rankOf.get(`${row.__typename}:${row.id}`) ?? 0,
          cursor: encodeOffset(offset + i),
        })),
        hasNextPage: hits.length > take,
        hasPreviousPage: offset > 0,
      };
    },
  }),
);

// ---------------------------------------------------------------------------------------------
// engagementStats

const StatsDimension = builder.enumType("StatsDimension", {
  description: "What engagementStats groups by; several together make one group per combination.",
  values: {
    YEAR: { description: "The calendar year of the engagement's date." },
    COUNTRY: { description: "Each participant country (an engagement counts once for each)." },
    KIND: { description: "The engagement's kind." },
    STATUS: { description: "The engagement's status." },
  } as const,
});

interface GroupShape {
  year: number | null;
  countryId: number | null;
  kind: string | null;
  status: string | null;
  count: number;
}

const EngagementStatsGroup = builder.objectRef<GroupShape>("EngagementStatsGroup").implement({
  description: "One group: the dimensions grouped by are set, the others null.",
  fields: (t) => ({
    year: t.int({ nullable: true, description: "The year, when grouped by YEAR.", resolve: (g) => g.year }),
    country: t.prismaField({
      type: "Country",
      nullable: true,
      description: "The participant country, when grouped by COUNTRY.",
      resolve: (query, g) => (g.countryId ? db().country.findUnique({ ...query, where: { id: g.countryId } }) : null),
    }),
    kind: t.field({ type: EngagementKind, nullable: true, description: "The kind, when grouped by KIND.", resolve: (g) => g.kind as never }),
    status: t.field({ type: EngagementStatus, nullable: true, description: "The status, when grouped by STATUS.", resolve: (g) => g.status as never }),
    count: t.int({ description: "Engagements in the group.", resolve: (g) => g.count }),
  }),
});

const EngagementStats = builder.objectRef<{ groups: GroupShape[]; total: number }>("EngagementStats").implement({
  description: "Engagement counts for a filter, in groups.",
  fields: (t) => ({
    total: t.int({ description: "Engagements matching the filter (each counted once).", resolve: (s) => s.total }),
    groups: t.field({ type: [EngagementStatsGroup], description: "One per combination of the groupBy dimensions that has engagements.", resolve: (s) => s.groups }),
  }),
});

builder.queryField("engagementStats", (t) =>
  t.field({
    type: EngagementStats,
    description:
      "Engagement counts per group, for charts. Grouped by COUNTRY, an engagement counts once for each participant country.",
    args: {
      filter: t.arg({ type: EngagementFilter, required: false }),
      groupBy: t.arg({ type: [StatsDimension], required: true }),
    },
    resolve: async (_root, args) => engagementStats(await resolveFilterArg(args.filter), [...args.groupBy]),
  }),
);
