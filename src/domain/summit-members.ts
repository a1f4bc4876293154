// Which members of a summit's organisation attended, were recorded absent, or are unknown.
//
// "Members" are the countries whose MEMBER status in the organisation may have been in effect on
// some day of the summit (from its first day to the last day its end, or its start, can stand
// for), by the same evidence bounds and certainty rule as memberships(asOf:) (src/domain/as-of.ts).
// A delegation counts as attending when any of its rows is not ABSENT; as absent when every row
// says ABSENT (each such row cites its source); as unknown when there is no row at all.
import { db } from "../db.ts";
import { boundColumns, type Certainty, certaintyOver, possiblyInEffectOver } from "./as-of.ts";
import { type DatePrecision, lastDay } from "./dates.ts";

export interface SummitDates {
  id: number;
  organisationId: number;
  startDate: Date;
  startPrecision: DatePrecision;
  endDate: Date | null;
  endPrecision: DatePrecision | null;
}

export interface SummitMember {
  countryId: number;
  /** How sure it is that the country was a member on every day of the summit. */
  certainty: Certainty;
  confirmedUntil: Date | null;
  status: "ATTENDED" | "ABSENT" | "UNKNOWN";
  /** The ABSENT record, for an absent member. */
  absenceId: number | null;
}

const strength: Record<Certainty, number> = { CERTAIN: 3, PRESUMED: 2, POSSIBLE: 1 };

export async function summitMembers(summit: SummitDates): Promise<SummitMember[]> {
  const first = summit.startDate;
  const last = lastDay(
    summit.endDate && summit.endPrecision
      ? { date: summit.endDate, precision: summit.endPrecision }
      : { date: summit.startDate, precision: summit.startPrecision },
  );
  const memberships = await db().membership.findMany({
    where: { organisationId: summit.organisationId, status: "MEMBER", retractedAt: null, ...possiblyInEffectOver(first, last) },
    select: { countryId: true, ...boundColumns, country: { select: { code: true } } },
  });
  // One country may hold two MEMBER rows that could cover the summit: keep the surest.
  const byCountry = new Map<number, { certainty: Certainty; confirmedUntil: Date | null; code: string }>();
  for (const m of memberships) {
    const certainty = certaintyOver(m, first, last);
    const seen = byCountry.get(m.countryId);
    if (!seen || strength[certainty] > strength[seen.certainty]) {
      byCountry.set(m.countryId, { certainty, confirmedUntil: m.confirmedUntil, code: m.country.code });
    }
  }
  const rows = await db().attendance.findMany({
    where: { summitId: summit.id, retractedAt: null, countryId: { in: [...byCountry.keys()] } },
    select: { id: true, countryId: true, mode: true },
    orderBy: { id: "asc" },
  });
  return [...byCountry]
    .sort(([, a], [, b]) => a.code.localeCompare(b.code))
    .map(([countryId, m]) => {
      const own = rows.filter((r) => r.countryId === countryId);
      const attended = own.some((r) => r.mode !== "ABSENT");
      const absence = own.find((r) => r.mode === "ABSENT");
      return {
        countryId,
        certainty: m.certainty,
        confirmedUntil: m.confirmedUntil,
        status: attended ? "ATTENDED" : absence ? "ABSENT" : "UNKNOWN",
        absenceId: attended ? null : (absence?.id ?? null),
      };
    });
}
