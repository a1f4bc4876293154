import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import { DEFAULT_PAGE_SIZE, maxPageSize } from "../builder.ts";
import { countEngagements } from "../domain/engagement-counts.ts";
import { engagementPages, engagementTotals, type PageRow } from "../domain/engagement-pages.ts";
import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { partialDateField } from "./fields.ts";
import { decodeOffset, encodeOffset } from "./cursors.ts";
import { globalIdOf } from "./ids.ts";
import { engagementWhere, resolveEngagementFilter } from "../domain/engagement-filter.ts";
import { userError } from "../errors.ts";
import { sourcedFields } from "./source.ts";

export const EngagementKind = builder.enumType("EngagementKind", {
  values: [
    "BILATERAL_MEETING",
    "MULTILATERAL_MEETING",
    "INFORMAL_ENCOUNTER",
    "PHONE_CALL",
    "JOINT_EXERCISE",
    "COURTESY_CALL",
  ] as const,
});
export const Formality = builder.enumType("Formality", { values: ["FORMAL", "INFORMAL", "BACKCHANNEL"] as const });
export const EngagementStatus = builder.enumType("EngagementStatus", {
  description: "What is known about whether it took place.",
  values: ["SCHEDULED", "HELD", "SPECULATED", "CANCELLED", "DID_NOT_HAPPEN", "DENIED"] as const,
});
export const ParticipantRole = builder.enumType("ParticipantRole", {
  values: ["HOST", "GUEST", "PARTICIPANT", "CONTINGENT"] as const,
});

export const Engagement = builder.prismaNode("Engagement", {
  id: { field: "id" },
  nullable: true,
  description: "A meeting, encounter, call or exercise between countries, and what is known of it.",
  fields: (t) => ({
    slug: t.exposeString("slug"),
    title: t.exposeString("title"),
    kind: t.expose("kind", { type: EngagementKind }),
    formality: t.expose("formality", { type: Formality }),
    status: t.expose("status", { type: EngagementStatus }),
    date: partialDateField(t, "date"),
    place: t.exposeString("place", { nullable: true }),
    placeCountry: t.relation("placeCountry", { nullable: true }),
    summit: t.relation("summit", { nullable: true, description: "The summit on whose sidelines it happened." }),
    organisation: t.relation("organisation", {
      nullable: true,
      description: "The forum whose framework it belongs to, when not on a summit's sidelines.",
    }),
    summary: t.exposeString("summary", { nullable: true }),
    participants: t.relatedConnection("participants", {
      cursor: "id",
      totalCount: true,
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
  fields: (t) => ({
    from: t.expose("fromStatus", { type: EngagementStatus, nullable: true, description: "Null for the first recorded status." }),
    to: t.expose("toStatus", { type: EngagementStatus }),
    source: t.relation("source"),
    note: t.exposeString("note", { nullable: true }),
    actor: t.exposeString("actor", { description: "Who recorded it: an API key's name, or seed/import." }),
    at: t.expose("at", { type: "DateTime" }),
  }),
});

export const EngagementParticipant = builder.prismaNode("EngagementParticipant", {
  id: { field: "id" },
  nullable: true,
  description: "A country (and, when known, the person) taking part in an engagement.",
  fields: (t) => ({
    engagement: t.relation("engagement"),
    country: t.relation("country"),
    person: t.relation("person", { nullable: true }),
    role: t.expose("role", { type: ParticipantRole }),
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
          status: t.arg({ type: [EngagementStatus], required: false }),
          kind: t.arg({ type: [EngagementKind], required: false }),
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
      { fields: (edge: any) => ({ role: edge.field({ type: ParticipantRole, resolve: (e: { role: string }) => e.role }) }) },
    );
}

export const EngagementFilter = builder.inputType("EngagementFilter", {
  fields: (t) => ({
    countries: t.stringList({ required: false, description: "ISO alpha-2 codes: all of them took part." }),
    anyCountries: t.stringList({ required: false, description: "ISO alpha-2 codes: at least one of them took part." }),
    people: t.stringList({ required: false, description: "Person slugs: all of them took part (unknown slug: UNKNOWN_PERSON)." }),
    anyPeople: t.stringList({ required: false, description: "Person slugs: at least one of them took part." }),
    kind: t.field({ type: [EngagementKind], required: false }),
    status: t.field({ type: [EngagementStatus], required: false }),
    formality: t.field({ type: [Formality], required: false }),
    from: t.field({ type: "PartialDate", required: false, description: "On or after (an engagement dated \"2025-06\" may fall on or after 2025-06-15)." }),
    to: t.field({ type: "PartialDate", required: false, description: "On or before, inclusive of the whole period (\"2025\" means up to 2025-12-31)." }),
    summit: t.id({ required: false, description: "On the sidelines of this summit (global ID)." }),
    organisation: t.string({ required: false, description: "Acronym: at this organisation's summits or within its framework." }),
  }),
});

export const EngagementOrder = builder.enumType("EngagementOrder", { values: ["DATE_DESC", "DATE_ASC"] as const });

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
    totalCount: async (_parent, args) => countEngagements(await resolveFilterArg(args.filter)),
    resolve: async (query, _root, args) => {
      const direction = args.orderBy === "DATE_ASC" ? "asc" : "desc";
      return db().engagement.findMany({
        ...query,
        where: engagementWhere(await resolveFilterArg(args.filter)),
        orderBy: [{ date: direction }, { id: direction }],
      });
    },
  }),
}));
