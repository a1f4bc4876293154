import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import { DEFAULT_PAGE_SIZE, maxPageSize } from "../builder.ts";
import { engagementTotal } from "../domain/engagement-counts.ts";
import { engagementPages, engagementTotals, type PageRow } from "../domain/engagement-pages.ts";
import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { partialDateField } from "./fields.ts";
import { decodeOffset, encodeOffset } from "./cursors.ts";
import { globalIdOf } from "./ids.ts";
import { engagementWhere, resolveEngagementFilter } from "../domain/engagement-filter.ts";
import { userError } from "../errors.ts";
import { sourcedFields } from "./source.ts";
import { COUNT_CAP } from "../domain/counting.ts";
import { asTotalCount, cappedTotalFields } from "./counts.ts";

export const EngagementKind = builder.enumType("EngagementKind", {
  description: "What sort of contact an engagement was.",
  values: {
    BILATERAL_MEETING: { description: "A meeting of exactly two countries' representatives." },
    MULTILATERAL_MEETING: { description: "A meeting of three or more countries outside a summit's plenary, e.g. a trilateral." },
    INFORMAL_ENCOUNTER: { description: "An exchange without an agenda: a handshake, a word in a corridor, a shared table." },
    PHONE_CALL: { description: "A telephone or video call; lastContact does not count it as meeting." },
    JOINT_EXERCISE: { description: "A military exercise in which the countries' forces took part together." },
    COURTESY_CALL: { description: "A protocol visit, typically a visiting delegation calling on its host." },
  } as const,
});
export const Formality = builder.enumType("Formality", {
  description: "How official the contact was.",
  values: {
    FORMAL: { description: "Announced and official, with delegations." },
    INFORMAL: { description: "Acknowledged but outside the official programme: a pull-aside or a chat on the margins." },
    BACKCHANNEL: { description: "Through an unofficial channel, reported but not announced by the parties." },
  } as const,
});
export const EngagementStatus = builder.enumType("EngagementStatus", {
  description: "What is known about whether it took place.",
  values: {
    SCHEDULED: { description: "Announced for a date, and not yet reported as held." },
    HELD: { description: "Took place, as a source reports." },
    SPECULATED: { description: "Reported as possible or expected, not confirmed." },
    CANCELLED: { description: "Was scheduled, then called off." },
    DID_NOT_HAPPEN: { description: "Expected or speculated, and the sources show it did not take place." },
    DENIED: { description: "Reported, and a party has denied that it took place." },
  } as const,
});
export const ParticipantRole = builder.enumType("ParticipantRole", {
  description: "A participant's part in an engagement.",
  values: {
    HOST: { description: "Received the others." },
    GUEST: { description: "Was received by the host." },
    PARTICIPANT: { description: "Took part, with neither side hosting." },
    CONTINGENT: { description: "Sent troops or a team, as to a joint exercise." },
  } as const,
});

export const Engagement = builder.prismaNode("Engagement", {
  id: { field: "id" },
  nullable: true,
  description: "A meeting, encounter, call or exercise between countries, and what is known of it.",
  fields: (t) => ({
    slug: t.exposeString("slug", { description: 'A stable readable key, unique among engagements: engagement(slug:) finds it.' }),
    title: t.exposeString("title", { description: 'A short title in our own words, e.g. "Dong Jun and Khawaja Asif bilateral meeting".' }),
    kind: t.expose("kind", { type: EngagementKind, description: "Meeting, encounter, call or exercise." }),
    formality: t.expose("formality", { type: Formality, description: "How official it was." }),
    status: t.expose("status", { type: EngagementStatus, description: "Whether it took place, as far as the sources show; statusHistory has every change." }),
    date: partialDateField(t, "date", { description: "When it happened (or was to happen), to the precision known." }),
    place: t.exposeString("place", { nullable: true, description: "Where, as the sources put it: a city or a venue." }),
    placeCountry: t.relation("placeCountry", { nullable: true, description: "The country it took place in." }),
    summit: t.relation("summit", { nullable: true, description: "The summit on whose sidelines it happened." }),
    organisation: t.relation("organisation", {
      nullable: true,
      description: "The forum whose framework it belongs to, when not on a summit's sidelines.",
    }),
    summary: t.exposeString("summary", { nullable: true, description: "What is known of it, in our own words." }),
    participants: t.relatedConnection("participants", {
      cursor: "id",
      totalCount: true,
      description: "The countries and people that took part, in the order recorded.",
      query: () => ({ orderBy: { id: "asc" } }),
    }),
    statusHistory: t.relation("statusChanges", {
      description: "Every status the engagement has had, oldest first, each with its source and author.",
      query: { orderBy: [{ at: "asc" }, { id: "asc" }] },
    }),
  }),
});
sourcedFields("Engagement");

builder.prismaObject("EngagementStatusChange", {
  description: "One change of an engagement's status, with the source that shows it.",
  fields: (t) => ({
    from: t.expose("fromStatus", { type: EngagementStatus, nullable: true, description: "Null for the first recorded status." }),
    to: t.expose("toStatus", { type: EngagementStatus, description: "The status it changed to." }),
    source: t.relation("source", { description: "The source that reports the new status." }),
    note: t.exposeString("note", { nullable: true, description: "What the source says about the change, in our own words." }),
    actor: t.exposeString("actor", { description: "Who recorded it: an API key's name, or seed/import." }),
    at: t.expose("at", { type: "DateTime", description: "When it was recorded (not when the status changed in the world)." }),
  }),
});

export const EngagementParticipant = builder.prismaNode("EngagementParticipant", {
  id: { field: "id" },
  nullable: true,
  description: "A country (and, when known, the person) taking part in an engagement.",
  fields: (t) => ({
    engagement: t.relation("engagement", { description: "The engagement taken part in." }),
    country: t.relation("country", { description: "The country taking part." }),
    person: t.relation("person", { nullable: true, description: "Who took part for it, when known." }),
    role: t.expose("role", { type: ParticipantRole, description: "Host, guest, participant or contingent." }),
  }),
});

export interface ParticipationArgs {
  summit?: string | number | null;
  status?: readonly (typeof EngagementStatus.$inferType)[] | null;
  kind?: readonly (typeof EngagementKind.$inferType)[] | null;
}

interface PageArgs extends ParticipationArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

type Page = { rows: PageRow[]; total: number; offset: number; hasNextPage: boolean };
type Batch = { parents: Set<number>; result: Promise<{ pages: Map<number, Page>; engagements: Map<number, unknown> }> };

/**
 * Which rows a page's arguments ask for, as Relay's algorithm reads them: the window between
 * `after` and `before`, cut to its first `first` and then its last `last` rows. `before` alone
 * is the default-size page ending there, as the cursor connections of this schema read it. Only
 * `last` with no end to count back from (no `before`, no `first`) needs each parent's total.
 */
type Window = { fromEnd: false; offset: number; take: number } | { fromEnd: true; start: number; last: number };

function windowOf(args: PageArgs): Window {
  maxPageSize(args);
  const start = args.after ? decodeOffset(args.after) + 1 : 0;
  let end = args.before ? Math.max(decodeOffset(args.before), start) : Number.POSITIVE_INFINITY;
  if (args.first != null) end = Math.min(end, start + args.first);
  const last = args.last ?? (args.first == null && args.before ? DEFAULT_PAGE_SIZE : null);
  if (last == null) return { fromEnd: false, offset: start, take: Math.min(end - start, args.first ?? DEFAULT_PAGE_SIZE) };
  if (end === Number.POSITIVE_INFINITY) return { fromEnd: true, start, last };
  const offset = Math.max(start, end - last);
  return { fromEnd: false, offset, take: end - offset };
}

/**
 * Requests for engagement pages made in the same tick by sibling fields (every country of a list,
 * say) are answered together: one statement for all parents' pages (and one for their totals, when
 * asked), one load of the engagements.
 */
const batches = new WeakMap<object, Map<string, Batch>>();

function pageFor(
  parentColumn: "countryId" | "personId",
  parentId: number,
  args: PageArgs,
  context: object,
  info: GraphQLResolveInfo,
): Promise<{ page: Page; engagements: Map<number, unknown> }> {
  const window = windowOf(args);
  const { first: _first, last: _last, after: _after, before: _before, ...filterArgs } = args;
  const key = `${parentColumn}|${pathWithoutIndexes(info.path)}|${JSON.stringify({ ...filterArgs, window })}`;
  let byKey = batches.get(context);
  if (!byKey) batches.set(context, (byKey = new Map()));
  let batch = byKey.get(key);
  if (!batch) {
    const parents = new Set<number>();
    const siblings = byKey;
    const result = Promise.resolve().then(async () => {
      siblings.delete(key); // fields resolved in a later tick start a new batch
      const filter = {
        summitId: args.summit ? globalIdOf("Summit", args.summit) : null,
        status: args.status ? [...args.status] : null,
        kind: args.kind ? [...args.kind] : null,
      };
      const ids = [...parents];
      const [rows, totals] = await Promise.all([
        window.fromEnd
          ? engagementPages(parentColumn, ids, filter, 0, window.last, true)
          : engagementPages(parentColumn, ids, filter, window.offset, window.take + 1),
        window.fromEnd || selectsField(info, "totalCount") ? engagementTotals(parentColumn, ids, filter) : null,
      ]);
      const byParent = new Map<number, PageRow[]>(ids.map((id) => [id, []]));
      for (const row of rows) byParent.get(row.parent)!.push(row);
      const pages = new Map<number, Page>();
      for (const id of ids) {
        const own = byParent.get(id)!;
        const total = totals?.get(id) ?? 0;
        if (window.fromEnd) {
          // The fetched rows are the list's last ones, in list order, at positions total - n ..
          // total - 1; those before `after` are not in the window.
          const firstPosition = Math.max(0, total - own.length);
          const offset = Math.max(window.start, firstPosition);
          pages.set(id, { rows: own.slice(offset - firstPosition), total, offset, hasNextPage: false });
        } else {
          pages.set(id, { rows: own.slice(0, window.take), total, offset: window.offset, hasNextPage: own.length > window.take });
        }
      }
      // Plain rows: Pothos loads the nested selection (participants, sources, ...) for exactly
      // these engagements in one batched query of its own.
      const engagementIds = [...new Set(rows.map((r) => r.engagementId))];
      const loaded = engagementIds.length ? await db().engagement.findMany({ where: { id: { in: engagementIds } } }) : [];
      return { pages, engagements: new Map(loaded.map((e) => [e.id, e as unknown])) };
    });
    batch = { parents, result };
    byKey.set(key, batch);
  }
  batch.parents.add(parentId);
  return batch.result.then(({ pages, engagements }) => ({ page: pages.get(parentId)!, engagements }));
}

/** Whether the field's selection (through fragments too) asks for this subfield. */
function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) =>
      s.kind === Kind.FIELD
        ? s.name.value === name
        : s.kind === Kind.INLINE_FRAGMENT
          ? visit(s.selectionSet)
          : visit(info.fragments[s.name.value]?.selectionSet),
    );
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

function pathWithoutIndexes(path: GraphQLResolveInfo["path"] | undefined): string {
  const keys: string[] = [];
  for (let p = path; p; p = p.prev) if (typeof p.key === "string") keys.unshift(p.key);
  return keys.join(".");
}


/**
 * The engagements a country or a person took part in, newest first, as a connection whose edges
 * carry the parent's role. Pages are cut in SQL for all parents of a request at once.
 */
export function engagementsOf(parentColumn: "countryId" | "personId", description: string) {
  // `any`: Pothos' field-builder types for a field factory shared by two object types are unwieldy.
  return (t: any) =>
    t.connection(
      {
        type: Engagement,
        description,
        args: {
          summit: t.arg.id({ required: false, description: "Only those on the sidelines of this summit (global ID)." }),
          status: t.arg({ type: [EngagementStatus], required: false, description: "Only these statuses; none: all." }),
          kind: t.arg({ type: [EngagementKind], required: false, description: "Only these kinds; none: all." }),
        },
        resolve: async (parent: { id: number }, args: PageArgs, context: object, info: GraphQLResolveInfo) => {
          const { page, engagements } = await pageFor(parentColumn, parent.id, args, context, info);
          const rows = page.rows;
          return {
            totalCount: page.total,
            edges: rows.map((row, i) => ({ cursor: encodeOffset(page.offset + i), role: row.role, node: engagements.get(row.engagementId) })),
            pageInfo: {
              hasNextPage: page.hasNextPage,
              hasPreviousPage: page.offset > 0,
              startCursor: rows.length ? encodeOffset(page.offset) : null,
              endCursor: rows.length ? encodeOffset(page.offset + rows.length - 1) : null,
            },
          };
        },
      },
      { fields: (c: any) => ({ totalCount: c.int({ resolve: (p: { totalCount: number }) => p.totalCount }) }) },
      {
        fields: (edge: any) => ({
          role: edge.field({ type: ParticipantRole, description: "The parent's part in this engagement.", resolve: (e: { role: string }) => e.role }),
        }),
      },
    );
}

export const EngagementFilter = builder.inputType("EngagementFilter", {
  fields: (t) => ({
    countries: t.stringList({ required: false, description: "ISO alpha-2 codes: all of them took part (anyCountries: at least one)." }),
    anyCountries: t.stringList({ required: false, description: "ISO alpha-2 codes: at least one of them took part." }),
    people: t.stringList({ required: false, description: "Person slugs: all of them took part (unknown slug: UNKNOWN_PERSON)." }),
    anyPeople: t.stringList({ required: false, description: "Person slugs: at least one of them took part." }),
    kind: t.field({ type: [EngagementKind], required: false }),
    status: t.field({ type: [EngagementStatus], required: false }),
    formality: t.field({ type: [Formality], required: false }),
    from: t.field({ type: "PartialDate", required: false, description: "On or after (an engagement dated \"2025-06\" may fall on or after 2025-06-15)." }),
    to: t.field({ type: "PartialDate", required: false, description: "On or before, inclusive of the whole period (\"2025\" means up to 2025-12-31)." }),
    on: t.field({ type: "PartialDate", required: false, description: "On this day, month or year: anything whose dates may overlap it (a summit 2025-06-25..26 is on \"2025-06-26\" and on \"2025-06\")." }),
    summit: t.id({ required: false, description: "On the sidelines of this summit (global ID)." }),
    organisation: t.string({ required: false, description: "Acronym: at this organisation's summits or within its framework." }),
  }),
});

export const EngagementOrder = builder.enumType("EngagementOrder", {
  values: {
    DATE_DESC: { description: "Newest first (a partial date sorts by its first day)." },
    DATE_ASC: { description: "Oldest first." },
  } as const,
});

export type EngagementFilterArg = typeof EngagementFilter.$inferInput;

// A connection asks for the resolved filter twice (page and totalCount) with the same args object.
const resolvedFilters = new WeakMap<object, ReturnType<typeof resolveEngagementFilter>>();

export function resolveFilterArg(filter: EngagementFilterArg | null | undefined) {
  if (!filter) return resolveEngagementFilter(null);
  let resolved = resolvedFilters.get(filter);
  if (!resolved) {
    resolved = resolveEngagementFilter({ ...filter, summitId: filter.summit ? globalIdOf("Summit", filter.summit) : null });
    resolvedFilters.set(filter, resolved);
  }
  return resolved;
}

builder.queryFields((t) => ({
  engagement: t.prismaField({
    type: "Engagement",
    nullable: true,
    description: "An engagement by global ID or by slug (exactly one of them); null when there is none.",
    args: { id: t.arg.id({ required: false }), slug: t.arg.string({ required: false }) },
    resolve: (query, _root, args) => {
      if ((args.id == null) === (args.slug == null)) throw userError("BAD_USER_INPUT", "Pass exactly one of id or slug.");
      const where = args.id != null ? { id: globalIdOf("Engagement", args.id) } : { slug: args.slug! };
      return db().engagement.findUnique({ ...query, where });
    },
  }),
  engagements: t.prismaConnection({
    type: "Engagement",
    cursor: "id",
    description: "Engagements matching the filter, newest first unless orderBy says otherwise.",
    args: {
      filter: t.arg({ type: EngagementFilter, required: false }),
      orderBy: t.arg({ type: EngagementOrder, required: false, defaultValue: "DATE_DESC" }),
    },
    totalCount: (_parent, args) => asTotalCount(resolveFilterArg(args.filter).then(engagementTotal)),
    resolve: async (query, _root, args) => {
      const direction = args.orderBy === "DATE_ASC" ? "asc" : "desc";
      return db().engagement.findMany({
        ...query,
        where: engagementWhere(await resolveFilterArg(args.filter)),
        orderBy: [{ date: direction }, { id: direction }],
      });
    },
  }, cappedTotalFields(
    "How many engagements match in all (every page together): exact at any size when the engagement-count rollup answers " +
      `(no more than two countries, with statuses, kinds, formalities), else counted exactly up to ${COUNT_CAP}: beyond that ` +
      `${COUNT_CAP} and totalCountIsExact false.`,
  )),
}));
