// Loads a validated dataset (see dataset.ts) into the database in one transaction, matching every
// row by its natural key: new rows are created, changed rows updated, equal rows left alone, and
// the report says which. Any unresolvable reference aborts the whole load, so a failed import
// leaves the database exactly as it was. Loading is additive: rows absent from the file are kept.
import type { Db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { dateColumns } from "./dates.ts";
import { type Citation, type Dataset, DatasetInvalidError, type DatasetIssue, rowOrigin } from "./dataset.ts";

type Tx = Prisma.TransactionClient;

export const entityNames = [
  "sources", "countries", "organisations", "memberships", "people", "tenures", "series", "summits",
  "attendance", "engagements", "participants", "incidents", "incidentParties", "incidentNames",
  "statements", "citations",
] as const;
export type EntityName = (typeof entityNames)[number];
export interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}
export type LoadReport = Record<EntityName, Counts>;

export interface LoadOptions {
  /** Run every check and count, then roll back. */
  dryRun?: boolean;
  /** Who writes, for the change log: a key's name, "seed" or "import". */
  actor?: string;
  apiKeyId?: number | null;
}

/** A row the load created or updated, as the change log recorded it. */
export interface WrittenRow {
  changeId: bigint;
  entityType: string;
  entityId: number;
  action: "CREATE" | "UPDATE" | "STATUS_CHANGE";
}

class DryRunRollback extends Error {}

export async function loadDataset(prisma: Db, dataset: Dataset, options: LoadOptions = {}): Promise<LoadReport> {
  return (await loadDatasetWithLog(prisma, dataset, options)).report;
}

/** Load, and say which rows were written (for change events after the commit). */
export async function loadDatasetWithLog(prisma: Db, dataset: Dataset, options: LoadOptions = {}) {
  let result: { report: LoadReport; written: WrittenRow[] } | undefined;
  try {
    await prisma.$transaction(
      async (tx) => {
        result = await loadInTransaction(tx, dataset, options);
        if (options.dryRun) throw new DryRunRollback();
      },
      { timeout: 300_000, maxWait: 30_000 },
    );
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return result!;
}

/** Load inside a caller's transaction (a mutation that writes more around it). */
export async function loadInTransaction(tx: Tx, dataset: Dataset, options: LoadOptions = {}) {
  const loader = new Loader(tx, { actor: options.actor ?? "import", apiKeyId: options.apiKeyId ?? null });
  await recordActor(tx, options.actor ?? "import");
  const report = await loader.load(dataset);
  return { report, written: loader.written };
}

/** True when every entity is unchanged (nothing created or updated). */
export function isUnchanged(report: LoadReport) {
  return Object.values(report).every((c) => c.created === 0 && c.updated === 0);
}

type Delegate = {
  findFirst(args: { where: object }): Promise<Record<string, unknown> | null>;
  create(args: { data: object }): Promise<Record<string, unknown>>;
  update(args: { where: { id: number }; data: object }): Promise<Record<string, unknown>>;
};

/** GraphQL and change-log names of what each report entry counts. */
const entityTypes: Record<EntityName, string> = {
  sources: "Source", countries: "Country", organisations: "Organisation", memberships: "Membership",
  people: "Person", tenures: "Tenure", series: "EventSeries", summits: "Summit", attendance: "Attendance",
  engagements: "Engagement", participants: "EngagementParticipant", incidents: "Incident",
  incidentParties: "IncidentParty", incidentNames: "IncidentName", statements: "Statement", citations: "Citation",
};

const lockedTransactions = new WeakSet<object>();

/**
 * Serialise writers to the change log for the rest of the transaction. Ids are handed out at
 * insert but seen at commit: without this, a writer could commit a lower id after a client
 * syncing with changes(after:) had paged past it, and the client would never see that row.
 */
export async function lockChangeLog(tx: Tx) {
  if (lockedTransactions.has(tx)) return;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(7268677)`;
  lockedTransactions.add(tx);
}

/**
 * Who the history triggers record as the author of this transaction's versions (without it they
 * record the database user): transaction-local, like the versions themselves.
 */
export async function recordActor(tx: Tx, actor: string) {
  await tx.$executeRaw`SELECT set_config('summitry.actor', ${actor}, true)`;
}

/** A row as JSON for the change log (dates as ISO strings). */
export function snapshot(row: Record<string, unknown>) {
  return JSON.parse(JSON.stringify(row)) as object;
}

function same(a: unknown, b: unknown): boolean {
  if (a == null || b == null) return a == null && b == null;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

class Loader {
  private readonly report = Object.fromEntries(
    entityNames.map((n) => [n, { created: 0, updated: 0, unchanged: 0 }]),
  ) as LoadReport;
  private readonly issues: DatasetIssue[] = [];
  private readonly ids = new Map<string, number | null>();
  private readonly sourceRefs = new Map<string, string>();
  readonly written: WrittenRow[] = [];
  /** Engagements created by this load: their first status goes into their history once cited. */
  private readonly newEngagements: { id: number; status: string }[] = [];

  constructor(
    private readonly tx: Tx,
    private readonly author: { actor: string; apiKeyId: number | null },
  ) {}

  async load(d: Dataset): Promise<LoadReport> {
    const tx = this.tx;
    for (const s of d.sources) {
      if (s.ref) this.sourceRefs.set(s.ref, s.url);
      const row = await this.upsert("sources", tx.source, { url: s.url }, {
        title: s.title,
        publisher: s.publisher,
        kind: s.kind ?? "NEWS_REPORT",
        ...dateColumns("published", s.published),
        retrievedDate: s.retrieved ? dateColumns("retrieved", s.retrieved).retrievedDate : null,
      });
      this.ids.set(`source:${s.url}`, row.id);
    }
    for (const c of d.countries) {
      const row = await this.upsert("countries", tx.country, { code: c.code }, {
        alpha3: c.alpha3,
        name: c.name,
        region: c.region,
      });
      this.ids.set(`country:${c.code}`, row.id);
    }
    for (const o of d.organisations) {
      const seatCountryId = o.seat ? await this.country(o, "seat.country", o.seat.country) : null;
      const row = await this.upsert("organisations", tx.organisation, { acronym: o.acronym }, {
        name: o.name,
        kind: o.kind,
        ...dateColumns("founded", o.founded),
        seatCity: o.seat?.city ?? null,
        seatCountryId,
        ...dateColumns("seatSince", o.seat?.since),
      });
      this.ids.set(`organisation:${o.acronym}`, row.id);
      await this.cite(o, "organisationId", row.id, o.sources);
    }
    for (const p of d.people) {
      const row = await this.upsert("people", tx.person, { slug: p.slug }, {
        name: p.name,
        alternateNames: p.alternateNames ?? [],
        countryId: p.country ? await this.country(p, "country", p.country) : null,
      });
      this.ids.set(`person:${p.slug}`, row.id);
    }
    for (const m of d.memberships) {
      const organisationId = await this.organisation(m, "organisation", m.organisation);
      const countryId = await this.country(m, "country", m.country);
      if (organisationId == null || countryId == null) continue;
      const from = dateColumns("from", m.from);
      const row = await this.upsert(
        "memberships",
        tx.membership,
        { organisationId, countryId, status: m.status, fromDate: from.fromDate },
        {
          founding: m.founding ?? false,
          fromPrecision: from.fromPrecision,
          ...dateColumns("to", m.to),
          ...dateColumns("attested", m.attested),
          note: m.note ?? null,
        },
      );
      await this.cite(m, "membershipId", row.id, m.sources);
    }
    for (const t of d.tenures) {
      const personId = await this.person(t, "person", t.person);
      const countryId = t.country ? await this.country(t, "country", t.country) : null;
      const organisationId = t.organisation ? await this.organisation(t, "organisation", t.organisation) : null;
      if (personId == null || (t.country && countryId == null) || (t.organisation && organisationId == null)) continue;
      const from = dateColumns("from", t.from);
      const row = await this.upsert(
        "tenures",
        tx.tenure,
        { personId, portfolio: t.portfolio, countryId, organisationId, fromDate: from.fromDate },
        {
          title: t.title,
          fromPrecision: from.fromPrecision,
          ...dateColumns("to", t.to),
          ...dateColumns("attested", t.attested),
          note: t.note ?? null,
        },
      );
      await this.cite(t, "tenureId", row.id, t.sources);
    }
    for (const s of d.series) {
      const organisationId = await this.organisation(s, "organisation", s.organisation);
      if (organisationId == null) continue;
      const row = await this.upsert("series", tx.eventSeries, { slug: s.slug }, {
        name: s.name,
        organisationId,
        portfolio: s.portfolio ?? null,
      });
      this.ids.set(`series:${s.slug}`, row.id);
    }
    for (const s of d.summits) {
      const organisationId = await this.organisation(s, "organisation", s.organisation);
      const hostCountryId = await this.country(s, "host", s.host);
      const seriesId = s.series ? await this.lookup(s, "series", "series", s.series, () => null) : null;
      const hostPersonId = s.hostPerson ? await this.person(s, "hostPerson", s.hostPerson) : null;
      if (organisationId == null || hostCountryId == null) continue;
      const row = await this.upsert("summits", tx.summit, { slug: s.slug }, {
        name: s.name,
        organisationId,
        seriesId,
        hostCountryId,
        city: s.city,
        region: s.region ?? null,
        ...dateColumns("start", s.start),
        ...dateColumns("end", s.end),
        hostPersonId,
        note: s.note ?? null,
      });
      this.ids.set(`summit:${s.slug}`, row.id);
      await this.cite(s, "summitId", row.id, s.sources);
      for (const [i, a] of (s.attendance ?? []).entries()) {
        const countryId = await this.country(s, `attendance[${i}].country`, a.country);
        const personId = a.person ? await this.person(s, `attendance[${i}].person`, a.person) : null;
        if (countryId == null) continue;
        const att = await this.upsert(
          "attendance",
          tx.attendance,
          { summitId: row.id, countryId, personId },
          { role: a.role, mode: a.mode, note: a.note ?? null },
        );
        await this.cite(s, "attendanceId", att.id, a.sources, `attendance[${i}].sources`);
      }
    }
    for (const e of d.engagements) {
      const summitId = e.summit ? await this.summit(e, "summit", e.summit) : null;
      const organisationId = e.organisation ? await this.organisation(e, "organisation", e.organisation) : null;
      const placeCountryId = e.placeCountry ? await this.country(e, "placeCountry", e.placeCountry) : null;
      const row = await this.upsert("engagements", tx.engagement, { slug: e.slug }, {
        title: e.title,
        kind: e.kind,
        formality: e.formality,
        status: e.status,
        ...dateColumns("date", e.date),
        place: e.place ?? null,
        placeCountryId,
        summitId,
        organisationId,
        summary: e.summary ?? null,
      });
      for (const [i, p] of e.participants.entries()) {
        const countryId = await this.country(e, `participants[${i}].country`, p.country);
        const personId = p.person ? await this.person(e, `participants[${i}].person`, p.person) : null;
        if (countryId == null) continue;
        await this.upsert(
          "participants",
          tx.engagementParticipant,
          { engagementId: row.id, countryId, personId },
          { role: p.role },
        );
      }
      await this.cite(e, "engagementId", row.id, e.sources);
    }
    for (const inc of d.incidents) {
      const row = await this.upsert("incidents", tx.incident, { slug: inc.slug }, {
        name: inc.name,
        kind: inc.kind,
        ...dateColumns("start", inc.start),
        ...dateColumns("end", inc.end),
        location: inc.location ?? null,
        summary: inc.summary ?? null,
      });
      for (const [i, code] of (inc.parties ?? []).entries()) {
        const countryId = await this.country(inc, `parties[${i}]`, code);
        if (countryId == null) continue;
        await this.upsert("incidentParties", tx.incidentParty, { incidentId: row.id, countryId }, {});
      }
      for (const [i, n] of (inc.names ?? []).entries()) {
        const usedByCountryId = n.usedBy ? await this.country(inc, `names[${i}].usedBy`, n.usedBy) : null;
        await this.upsert("incidentNames", tx.incidentName, { incidentId: row.id, name: n.name }, { usedByCountryId });
      }
      await this.cite(inc, "incidentId", row.id, inc.sources);
    }
    for (const st of d.statements) {
      const speakerId = st.speaker ? await this.person(st, "speaker", st.speaker) : null;
      const countryId = st.country ? await this.country(st, "country", st.country) : null;
      const summitId = st.summit ? await this.summit(st, "summit", st.summit) : null;
      const row = await this.upsert("statements", tx.statement, { slug: st.slug }, {
        speakerId,
        countryId,
        summitId,
        place: st.place ?? null,
        ...dateColumns("date", st.date),
        summary: st.summary,
        topics: st.topics ?? [],
      });
      await this.cite(st, "statementId", row.id, st.sources);
    }
    if (this.issues.length) throw new DatasetInvalidError(this.issues);
    // An engagement's history starts with the status it was first recorded with, on its first source.
    for (const e of this.newEngagements) {
      await this.tx.engagementStatusChange.create({
        data: {
          engagementId: e.id,
          fromStatus: null,
          toStatus: e.status as never,
          sourceId: await this.firstSourceOf(e.id),
          actor: this.author.actor,
          apiKeyId: this.author.apiKeyId,
        },
      });
    }
    return this.report;
  }

  private async upsert(entity: EntityName, delegate: unknown, where: Record<string, unknown>, data: Record<string, unknown>) {
    const model = delegate as Delegate;
    const existing = await model.findFirst({ where });
    if (!existing) {
      this.report[entity].created++;
      const created = await model.create({ data: { ...where, ...data } });
      await this.log(entity, "CREATE", created, null);
      return created as { id: number };
    }
    const changed = Object.entries(data).filter(([k, v]) => !same(existing[k], v));
    if (changed.length === 0) {
      this.report[entity].unchanged++;
      return existing as { id: number };
    }
    this.report[entity].updated++;
    const update = Object.fromEntries(changed);
    if ("version" in existing) update.version = { increment: 1 };
    const updated = await model.update({ where: { id: existing.id as number }, data: update });
    await this.log(entity, "UPDATE", updated, existing);
    return updated as { id: number };
  }

  private async log(entity: EntityName, action: "CREATE" | "UPDATE", after: Record<string, unknown>, before: Record<string, unknown> | null) {
    const entityType = entityTypes[entity];
    await lockChangeLog(this.tx);
    const row = await this.tx.changeLog.create({
      data: {
        entityType,
        entityId: after.id as number,
        action,
        actor: this.author.actor,
        apiKeyId: this.author.apiKeyId,
        before: before ? snapshot(before) : undefined,
        after: snapshot(after),
      },
      select: { id: true },
    });
    this.written.push({ changeId: row.id, entityType, entityId: after.id as number, action });
    if (entity === "engagements") {
      if (action === "CREATE") this.newEngagements.push({ id: after.id as number, status: after.status as string });
      else if (before && before.status !== after.status) {
        await this.tx.engagementStatusChange.create({
          data: {
            engagementId: after.id as number,
            fromStatus: before.status as never,
            toStatus: after.status as never,
            sourceId: await this.firstSourceOf(after.id as number),
            note: "changed by a data import",
            actor: this.author.actor,
            apiKeyId: this.author.apiKeyId,
          },
        });
      }
    }
  }

  private async firstSourceOf(engagementId: number): Promise<number> {
    const citation = await this.tx.citation.findFirst({ where: { engagementId }, orderBy: { id: "asc" }, select: { sourceId: true } });
    return citation!.sourceId;
  }

  private issue(row: object, field: string, message: string) {
    const at = rowOrigin.get(row) ?? { file: "(dataset)", path: "(row)" };
    this.issues.push({ file: at.file, path: `${at.path}.${field}`, message });
  }

  /** Resolve a natural key to an id: this load's own rows first, then the database. */
  private async lookup(
    row: object,
    field: string,
    kind: string,
    key: string,
    find: () => Promise<{ id: number } | null> | null,
  ): Promise<number | null> {
    const cacheKey = `${kind}:${key}`;
    if (!this.ids.has(cacheKey)) this.ids.set(cacheKey, (await find())?.id ?? null);
    const id = this.ids.get(cacheKey) ?? null;
    if (id == null) this.issue(row, field, `unknown ${kind} "${key}"`);
    return id;
  }

  private country(row: object, field: string, code: string) {
    return this.lookup(row, field, "country", code, () => this.tx.country.findUnique({ where: { code }, select: { id: true } }));
  }
  private organisation(row: object, field: string, acronym: string) {
    return this.lookup(row, field, "organisation", acronym, () =>
      this.tx.organisation.findUnique({ where: { acronym }, select: { id: true } }),
    );
  }
  private person(row: object, field: string, slug: string) {
    return this.lookup(row, field, "person", slug, () => this.tx.person.findUnique({ where: { slug }, select: { id: true } }));
  }
  private summit(row: object, field: string, slug: string) {
    return this.lookup(row, field, "summit", slug, () => this.tx.summit.findUnique({ where: { slug }, select: { id: true } }));
  }

  private async cite(row: object, column: string, factId: number, citations: Citation[], field = "sources") {
    for (const [i, c] of citations.entries()) {
      const ref = typeof c === "string" ? c : c.source;
      const url = this.sourceRefs.get(ref) ?? ref;
      const sourceId = await this.lookup(row, `${field}[${i}]`, "source", url, () =>
        this.tx.source.findUnique({ where: { url }, select: { id: true } }),
      );
      if (sourceId == null) continue;
      await this.upsert("citations", this.tx.citation, { sourceId, [column]: factId }, {
        note: typeof c === "string" ? null : (c.note ?? null),
        ...dateColumns("attests", typeof c === "string" ? null : c.attests),
      });
    }
  }
}
