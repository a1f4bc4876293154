// Change events, published after a write commits. Subscriptions listen on one topic; with
// REDIS_URL the pub/sub crosses service instances (src/pubsub.ts).
import type { Db } from "../db.ts";

export interface ChangeEvent {
  /** The ChangeLog row id, as a string (it is a bigint). */
  changeId: string;
  entityType: string;
  entityId: number;
  action: "CREATE" | "UPDATE" | "RETRACT" | "STATUS_CHANGE";
  /** ISO alpha-2 codes of the countries the fact involves, when it involves any. */
  countries: string[];
  at: string;
}

type Listener = (events: ChangeEvent[]) => void | Promise<void>;
// A set, not one slot: tests run several servers in one process, each with its own pub/sub, and
// every one of them must hear the writes.
const publishers = new Set<Listener>();

/** Registered by each server's pub/sub (src/pubsub.ts), so domain code publishes without knowing transport. */
export function addChangePublisher(listener: Listener): () => void {
  publishers.add(listener);
  return () => removeChangePublisher(listener);
}

export function removeChangePublisher(listener: Listener) {
  publishers.delete(listener);
}

export async function publishChanges(events: ChangeEvent[]) {
  if (events.length) await Promise.all([...publishers].map((publish) => publish(events)));
}

/** A change-log row a write produced (ingest's WrittenRow, or a mutation's). */
export interface WrittenChange {
  changeId: bigint | string;
  entityType: string;
  entityId: number;
  action: ChangeEvent["action"];
}

/**
 * The events for rows a committed write logged: the time from the change log, the countries from
 * the rows as they are now. Call it after the commit, with the primary (`primary()` from db.ts),
 * which a replica may lag behind.
 */
export async function changeEventsFor(prisma: Db, written: readonly WrittenChange[]): Promise<ChangeEvent[]> {
  if (written.length === 0) return [];
  const logged = await prisma.changeLog.findMany({
    where: { id: { in: written.map((w) => BigInt(w.changeId)) } },
    select: { id: true, at: true },
  });
  const at = new Map(logged.map((row) => [row.id.toString(), row.at.toISOString()]));
  const countries = await countriesOf(prisma, written);
  return written.map((w) => ({
    changeId: String(w.changeId),
    entityType: w.entityType,
    entityId: w.entityId,
    action: w.action,
    countries: countries.get(`${w.entityType}:${w.entityId}`) ?? [],
    at: at.get(String(w.changeId)) ?? new Date().toISOString(),
  }));
}

type Ref = { entityType: string; entityId: number };
type Codes = Map<string, string[]>;

/** Which columns of a Citation name its fact, and the fact's type. */
const citedFacts = {
  organisationId: "Organisation", membershipId: "Membership", tenureId: "Tenure", summitId: "Summit",
  attendanceId: "Attendance", engagementId: "Engagement", incidentId: "Incident", statementId: "Statement",
} as const;

/** Country codes per "Type:id": one query per entity type present. */
async function countriesOf(prisma: Db, refs: readonly Ref[]): Promise<Codes> {
  const byType = new Map<string, number[]>();
  for (const r of refs) byType.set(r.entityType, [...(byType.get(r.entityType) ?? []), r.entityId]);
  const result: Codes = new Map();
  const add = (type: string, id: number, codes: (string | null | undefined)[]) => {
    const key = `${type}:${id}`;
    const all = new Set([...(result.get(key) ?? []), ...codes.filter((c): c is string => !!c)]);
    result.set(key, [...all].sort());
  };
  const code = { select: { code: true } } as const;
  for (const [type, ids] of byType) {
    const where = { id: { in: ids } };
    switch (type) {
      case "Country":
        for (const c of await prisma.country.findMany({ where, select: { id: true, code: true } })) add(type, c.id, [c.code]);
        break;
      case "Engagement":
        for (const p of await prisma.engagementParticipant.findMany({
          where: { engagementId: { in: ids } },
          select: { engagementId: true, country: code },
        })) add(type, p.engagementId, [p.country.code]);
        break;
      case "EngagementParticipant": {
        // A participant changes what the engagement is about: all of its countries.
        const rows = await prisma.engagementParticipant.findMany({ where, select: { id: true, engagementId: true } });
        const engagements = await countriesOf(prisma, rows.map((r) => ({ entityType: "Engagement", entityId: r.engagementId })));
        for (const r of rows) add(type, r.id, engagements.get(`Engagement:${r.engagementId}`) ?? []);
        break;
      }
      case "Membership":
        for (const m of await prisma.membership.findMany({ where, select: { id: true, country: code } })) add(type, m.id, [m.country.code]);
        break;
      case "Person":
        for (const p of await prisma.person.findMany({ where, select: { id: true, country: code } })) add(type, p.id, [p.country?.code]);
        break;
      case "Tenure":
        for (const t of await prisma.tenure.findMany({ where, select: { id: true, country: code } })) add(type, t.id, [t.country?.code]);
        break;
      case "Summit":
        for (const s of await prisma.summit.findMany({ where, select: { id: true, hostCountry: code } })) add(type, s.id, [s.hostCountry.code]);
        break;
      case "Attendance":
        for (const a of await prisma.attendance.findMany({ where, select: { id: true, country: code } })) add(type, a.id, [a.country.code]);
        break;
      case "Incident":
        for (const p of await prisma.incidentParty.findMany({
          where: { incidentId: { in: ids } },
          select: { incidentId: true, country: code },
        })) add(type, p.incidentId, [p.country.code]);
        break;
      case "IncidentParty":
        for (const p of await prisma.incidentParty.findMany({ where, select: { id: true, country: code } })) add(type, p.id, [p.country.code]);
        break;
      case "Statement":
        for (const s of await prisma.statement.findMany({ where, select: { id: true, country: code } })) add(type, s.id, [s.country?.code]);
        break;
      case "Citation": {
        // A citation is about its fact: the fact's countries.
        const rows = await prisma.citation.findMany({
          where,
          select: { id: true, ...Object.fromEntries(Object.keys(citedFacts).map((k) => [k, true])) },
        });
        const facts = rows.flatMap((row) => {
          const entry = Object.entries(citedFacts).find(([column]) => (row as Record<string, unknown>)[column] != null);
          return entry ? [{ citation: row.id, entityType: entry[1], entityId: (row as Record<string, number>)[entry[0]]! }] : [];
        });
        const factCodes = await countriesOf(prisma, facts);
        for (const f of facts) add(type, f.citation, factCodes.get(`${f.entityType}:${f.entityId}`) ?? []);
        break;
      }
      default:
        // Sources, organisations, series, API keys: no country of their own.
        break;
    }
  }
  return result;
}
