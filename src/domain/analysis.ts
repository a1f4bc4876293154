// Derived queries that are one SQL statement each: the last contact between two countries, a
// chronological timeline across fact types and engagement counts (search: search.ts).
import { db } from "../db.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { type DatePrecision, daySql } from "./dates.ts";
import { statsFromCounts } from "./engagement-counts.ts";
import { engagementWhereSql, type ResolvedEngagementFilter } from "./engagement-filter.ts";
import { cappedCountSql, totalOf, type Total } from "./counting.ts";
import type { Id } from "./lookups.ts";

export interface ContactRow {
  source: "ENGAGEMENT" | "SUMMIT";
  id: number;
  kind: string;
  date: Date;
  precision: DatePrecision;
  place: string | null;
  placeCountryId: number | null;
  summitId: number | null;
}

/** One side of a contact: a country (any of its people) or one person. */
export type ContactSide = { country: Id } | { person: Id };

export interface LastContactQuery {
  a: ContactSide;
  b: ContactSide;
  organisationId: Id | null;
  portfolio: string | null;
  /** Only occasions whose first day is before this day. */
  before: Date | null;
}

/**
 * The most recent occasion on which both sides (two countries, or two people) met: a HELD
 * engagement (not a phone call) with both as participants, or a summit both attended in person. Speculated, scheduled or cancelled
 * meetings and virtual attendance are not contact. With a portfolio, the occasion must be at that
 * level: a meeting of a series for that portfolio (the defence ministers' meetings), a joint
 * exercise for DEFENCE, or participants who held an office of that portfolio at the time; at a
 * summit a deputy standing in does not count. On the same day a meeting wins over a shared summit.
 */
export async function lastContact(q: LastContactQuery): Promise<ContactRow | null> {
  const rows = await db().$queryRaw<ContactRow[]>(lastContactSql(q));
  return rows[0] ?? null;
}

/** lastContact's one statement: at most one ContactRow. */
export function lastContactSql(q: LastContactQuery): Prisma.Sql {
  const portfolio = q.portfolio;
  const personHeld = (personCol: Prisma.Sql, countryCol: Prisma.Sql, dayCol: Prisma.Sql) => Prisma.sql`EXISTS (
      SELECT 1 FROM "Tenure" t
      WHERE t."personId" = ${personCol} AND t."countryId" = ${countryCol} AND t.portfolio::text = ${portfolio}
        AND (t."fromDate" IS NULL OR t."fromDate" <= ${dayCol})
        AND (t."toDate" IS NULL OR summitry_date_last(t."toDate", t."toPrecision") >= ${dayCol}))`;
  const seriesPortfolio = (summitCol: Prisma.Sql) => Prisma.sql`EXISTS (
      SELECT 1 FROM "Summit" ss JOIN "EventSeries" es ON es.id = ss."seriesId"
      WHERE ss.id = ${summitCol} AND es.portfolio::text = ${portfolio})`;

  const column = (side: ContactSide) => Prisma.raw("person" in side ? `"personId"` : `"countryId"`);
  const idOf = (side: ContactSide) => ("person" in side ? side.person : side.country);
  const is = (alias: string, side: ContactSide) => Prisma.sql`${Prisma.raw(alias)}.${column(side)} = ${idOf(side)}`;
  // A participant row of the side at the portfolio's level.
  const atLevel = (p: string) =>
    portfolio === null
      ? Prisma.sql`TRUE`
      : Prisma.sql`(${seriesPortfolio(Prisma.sql`e."summitId"`)}
               OR (${portfolio} = 'DEFENCE' AND e.kind = 'JOINT_EXERCISE')
               OR ${personHeld(Prisma.raw(`${p}."personId"`), Prisma.raw(`${p}."countryId"`), Prisma.sql`e.date`)})`;
  const took = (side: ContactSide) =>
    Prisma.sql`EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND ${is("p", side)} AND ${atLevel("p")} OFFSET 0)`;
  const attended = (side: ContactSide) =>
    portfolio === null
      ? Prisma.sql`EXISTS (SELECT 1 FROM "Attendance" a WHERE a."summitId" = s.id AND ${is("a", side)} AND a.mode = 'IN_PERSON' AND a."retractedAt" IS NULL OFFSET 0)`
      : Prisma.sql`EXISTS (SELECT 1 FROM "Attendance" a WHERE a."summitId" = s.id AND ${is("a", side)} AND a.mode = 'IN_PERSON' AND a."retractedAt" IS NULL
          AND (${seriesPortfolio(Prisma.sql`s.id`)}
               OR ${personHeld(Prisma.sql`a."personId"`, Prisma.sql`a."countryId"`, Prisma.sql`s."startDate"`)}) OFFSET 0)`;
  const before = (col: Prisma.Sql) => (q.before ? Prisma.sql`${col} < ${daySql(q.before)}` : Prisma.sql`TRUE`);
  const engagementForum = q.organisationId
    ? Prisma.sql`(e."organisationId" = ${q.organisationId} OR EXISTS (SELECT 1 FROM "Summit" es WHERE es.id = e."summitId" AND es."organisationId" = ${q.organisationId}))`
    : Prisma.sql`TRUE`;
  const summitForum = q.organisationId ? Prisma.sql`s."organisationId" = ${q.organisationId}` : Prisma.sql`TRUE`;

  return Prisma.sql`
    SELECT * FROM (
      -- Each branch newest first with its own LIMIT, so PostgreSQL walks the (status, date DESC,
      -- id DESC) index and stops at the first match instead of collecting every contact of a busy
      -- pair. The OFFSET 0 in took() keeps each side's test a per-row probe: pulled up into a semi
      -- join, it hashed every participation of both sides first (a compiled read's statement looks
      -- the sides up inside itself, so the planner cannot see how common they are).
      (SELECT 'ENGAGEMENT' AS source, e.id, e.kind::text AS kind, e.date, e."datePrecision"::text AS precision,
              e.place, e."placeCountryId", e."summitId"
       FROM "Engagement" e
       WHERE e.status = 'HELD' AND e.kind <> 'PHONE_CALL' AND e."retractedAt" IS NULL
         AND ${took(q.a)} AND ${took(q.b)} AND ${engagementForum} AND ${before(Prisma.sql`e.date`)}
       ORDER BY e.date DESC, e.id DESC
       LIMIT 1)
      UNION ALL
      (SELECT 'SUMMIT', s.id, 'SAME_SUMMIT', s."startDate", s."startPrecision"::text, s.city, s."hostCountryId", s.id
       FROM "Summit" s
       WHERE s."retractedAt" IS NULL AND ${attended(q.a)} AND ${attended(q.b)} AND ${summitForum} AND ${before(Prisma.sql`s."startDate"`)}
       ORDER BY s."startDate" DESC, s.id DESC
       LIMIT 1)
    ) contact
    ORDER BY date DESC, source ASC, id DESC
    LIMIT 1`;
}

export type TimelineKind = "Summit" | "Engagement" | "Incident" | "Statement";
export interface TimelineKey {
  date: Date;
  kind: TimelineKind;
  id: number;
}

export interface TimelineQuery {
  /** Every one of these countries is involved (the same meaning as `countries` on every list). */
  allCountryIds: number[];
  /** At least one of these is involved. */
  anyCountryIds: number[] | null;
  /** Items whose dates may reach this day or later (a summit's end, or its start with no end). */
  fromDay: Date | null;
  /** Items that may have begun by this day. */
  toDay: Date | null;
}

/** The timeline's four kinds of item, one table each. */
const KINDS: TimelineKind[] = ["Engagement", "Incident", "Statement", "Summit"];

/** Each kind's items as (kind, id, date, last), over the one table the kind lives in. */
function timelineBranches(q: TimelineQuery): Record<TimelineKind, Prisma.Sql> {
  const sets = [...q.allCountryIds.map((id) => [id]), ...(q.anyCountryIds ? [q.anyCountryIds] : [])];
  // Each kind's "one of these countries is involved", ANDed once per country set.
  const involvedIn = (one: (ids: number[]) => Prisma.Sql) =>
    sets.length ? Prisma.join(sets.map(one), " AND ") : Prisma.sql`TRUE`;
  const involved = {
    summit: involvedIn(
      (ids) =>
        Prisma.sql`(s."hostCountryId" = ANY(${ids}::int[]) OR EXISTS (SELECT 1 FROM "Attendance" a WHERE a."summitId" = s.id AND a."countryId" = ANY(${ids}::int[]) AND a."retractedAt" IS NULL AND a.mode <> 'ABSENT'))`,
    ),
    engagement: involvedIn(
      (ids) => Prisma.sql`EXISTS (SELECT 1 FROM "EngagementParticipant" p WHERE p."engagementId" = e.id AND p."countryId" = ANY(${ids}::int[]))`,
    ),
    incident: involvedIn(
      (ids) => Prisma.sql`EXISTS (SELECT 1 FROM "IncidentParty" ip WHERE ip."incidentId" = i.id AND ip."countryId" = ANY(${ids}::int[]))`,
    ),
    statement: involvedIn((ids) => Prisma.sql`st."countryId" = ANY(${ids}::int[])`),
  };
  // `last` is the last day an item's dates can reach: a two-day summit is on its second day too.
  return {
    Summit: Prisma.sql`SELECT 'Summit' AS kind, s.id, s."startDate" AS date,
           summitry_date_last(COALESCE(s."endDate", s."startDate"), COALESCE(s."endPrecision", s."startPrecision")) AS last
      FROM "Summit" s WHERE s."retractedAt" IS NULL AND ${involved.summit}`,
    Engagement: Prisma.sql`SELECT 'Engagement' AS kind, e.id, e.date, summitry_date_last(e.date, e."datePrecision") AS last
      FROM "Engagement" e WHERE e."retractedAt" IS NULL AND ${involved.engagement}`,
    Incident: Prisma.sql`SELECT 'Incident' AS kind, i.id, i."startDate" AS date,
           summitry_date_last(COALESCE(i."endDate", i."startDate"), COALESCE(i."endPrecision", i."startPrecision")) AS last
      FROM "Incident" i WHERE i."retractedAt" IS NULL AND ${involved.incident}`,
    Statement: Prisma.sql`SELECT 'Statement' AS kind, st.id, st.date, summitry_date_last(st.date, st."datePrecision") AS last
      FROM "Statement" st WHERE st."retractedAt" IS NULL AND ${involved.statement}`,
  };
}

function timelineRange(q: TimelineQuery) {
  return Prisma.sql`${q.fromDay ? Prisma.sql`t.last >= ${q.fromDay}::date` : Prisma.sql`TRUE`}
    AND ${q.toDay ? Prisma.sql`t.date <= ${q.toDay}::date` : Prisma.sql`TRUE`}`;
}

export interface TimelineWindow {
  /** Only items after this key in timeline order (older ones). */
  after: TimelineKey | null;
  /** Only items before this key in timeline order (newer ones). */
  before: TimelineKey | null;
  /** `take` from the newest end of the window (first) or from its oldest end (last). */
  from: "newest" | "oldest";
  take: number;
}

/**
 * The keyset condition (date, kind, id) < key (older: `after`) or > key (newer: `before`) for the
 * items of one kind, where the kind is a constant: then it is a range on that table's (date, id)
 * index, so a page deep in the timeline starts at its cursor instead of walking to it.
 */
function keysetFor(kind: TimelineKind, key: TimelineKey, older: boolean): Prisma.Sql {
  const day = Prisma.sql`${key.date}::date`;
  if (kind === key.kind) return older ? Prisma.sql`(t.date, t.id) < (${day}, ${key.id})` : Prisma.sql`(t.date, t.id) > (${day}, ${key.id})`;
  // On the key's day a kind sorting before the key's is older than it (the order is by kind DESC).
  return (kind < key.kind) === older ? (older ? Prisma.sql`t.date <= ${day}` : Prisma.sql`t.date >= ${day}`) : older ? Prisma.sql`t.date < ${day}` : Prisma.sql`t.date > ${day}`;
}

/**
 * Up to `take` keys of the timeline window, keyset-paginated on (date, kind, id), in the order
 * read: newest first, or oldest first when paging backwards (`last`); the caller turns them back.
 * Each kind's items are cut to `take` in the table's own (date, id) order first, so a page costs
 * four short walks, not a sort of every item of the countries (441 699 for India at SF100).
 */
export async function timelinePage(q: TimelineQuery, w: TimelineWindow) {
  const newest = w.from === "newest";
  const branches = timelineBranches(q);
  const parts = KINDS.map((kind) => {
    const after = w.after ? keysetFor(kind, w.after, true) : Prisma.sql`TRUE`;
    const before = w.before ? keysetFor(kind, w.before, false) : Prisma.sql`TRUE`;
    return Prisma.sql`(SELECT t.kind, t.id, t.date FROM (${branches[kind]}) t
      WHERE ${timelineRange(q)} AND ${after} AND ${before}
      ORDER BY ${newest ? Prisma.sql`t.date DESC, t.id DESC` : Prisma.sql`t.date ASC, t.id ASC`}
      LIMIT ${w.take})`;
  });
  const order = newest ? Prisma.sql`t.date DESC, t.kind DESC, t.id DESC` : Prisma.sql`t.date ASC, t.kind ASC, t.id ASC`;
  const rows = await db().$queryRaw<TimelineKey[]>`
    SELECT t.kind, t.id, t.date FROM (${Prisma.join(parts, " UNION ALL ")}) t
    ORDER BY ${order}
    LIMIT ${w.take}`;
  return rows;
}

/** How many items the timeline has, exact up to COUNT_CAP (src/domain/counting.ts). */
export async function timelineCount(q: TimelineQuery): Promise<Total> {
  const branches = timelineBranches(q);
  const [row] = await db().$queryRaw<{ n: number }[]>(
    cappedCountSql(Prisma.sql`SELECT 1 FROM (${Prisma.join(KINDS.map((k) => branches[k]), " UNION ALL ")}) t WHERE ${timelineRange(q)}`),
  );
  return totalOf(row?.n ?? 0);
}

export type StatsDimension = "YEAR" | "COUNTRY" | "KIND" | "STATUS";
export interface StatsGroup {
  year: number | null;
  countryId: number | null;
  kind: string | null;
  status: string | null;
  count: number;
}

/** Engagement counts per group. Grouped by COUNTRY, an engagement counts once for each participant country. */
export async function engagementStats(
  filter: ResolvedEngagementFilter,
  groupBy: StatsDimension[],
  options: { fromCounts?: boolean } = {},
) {
  const dims = [...new Set(groupBy)];
  if (options.fromCounts !== false) {
    const counted = await statsFromCounts(filter, dims);
    if (counted) return counted;
  }
  const expr: Record<StatsDimension, Prisma.Sql> = {
    YEAR: Prisma.sql`extract(year FROM e.date)::int`,
    COUNTRY: Prisma.sql`p."countryId"`,
    KIND: Prisma.sql`e.kind::text`,
    STATUS: Prisma.sql`e.status::text`,
  };
  const column = (d: StatsDimension) => (dims.includes(d) ? expr[d] : Prisma.sql`NULL`);
  const join = dims.includes("COUNTRY")
    ? Prisma.sql`JOIN "EngagementParticipant" p ON p."engagementId" = e.id`
    : Prisma.empty;
  const groupClause = dims.length ? Prisma.sql`GROUP BY ${Prisma.join(dims.map((d) => expr[d]))}` : Prisma.empty;
  const orderClause = dims.length ? Prisma.sql`ORDER BY ${Prisma.join(dims.map((d) => expr[d]))}` : Prisma.empty;
  const where = engagementWhereSql(filter);
  const [groups, [total]] = await Promise.all([
    db().$queryRaw<StatsGroup[]>`
      SELECT ${column("YEAR")} AS year, ${column("COUNTRY")} AS "countryId", ${column("KIND")} AS kind,
             ${column("STATUS")} AS status, count(DISTINCT e.id)::int AS count
      FROM "Engagement" e ${join}
      WHERE ${where}
      ${groupClause} ${orderClause}`,
    db().$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "Engagement" e WHERE ${where}`,
  ]);
  return { groups, total: total?.n ?? 0 };
}
