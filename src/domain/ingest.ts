// Loads a validated dataset (see dataset.ts) into the database in one transaction, matching every
// row by its natural key: new rows are created, changed rows updated, equal rows left alone, and
// the report says which. Any unresolvable reference aborts the whole load, so a failed import
// leaves the database exactly as it was. Loading is additive: rows absent from the file are kept.
import type { Db } from "../db.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { dateColumns } from "./dates.ts";
import { type Citation, type Dataset, DatasetInvalidError, type DatasetIssue, requiredToCreate, rowOrigin } from "./dataset.ts";

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

/** One row a load created or updated, with each column it set: before -> after. */
export interface RowChange {
  entity: EntityName;
  /** The row's natural key, as the file names it. */
  key: string;
  action: "CREATE" | "UPDATE";
  fields: { field: string; before: string | null; after: string | null }[];
}

/** Columns that are bookkeeping, not facts: left out of a created row's listing. */
// Bookkeeping the database sets, not facts a row names: ids, timestamps, versions, the search
// vector and recordedAt (the history's stamp of the version, see the README's record-time travel).
const unloggedColumns = new Set(["id", "createdAt", "updatedAt", "version", "search", "recordedAt"]);

/** A column value as a dry run prints it. */
function show(value: unknown): string | null {
  if (value == null) return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Only what the row names: `field` absent leaves the columns alone (null clears them). */
function named<R extends object>(row: R, field: string, columns: () => Record<string, unknown>): Record<string, unknown> {
  return (row as Record<string, unknown>)[field] === undefined ? {} : columns();
}

class DryRunRollback extends Error {}

export async function loadDataset(prisma: Db, dataset: Dataset, options: LoadOptions = {}): Promise<LoadReport> {
  return (await loadDatasetWithLog(prisma, dataset, options)).report;
}

/** Load, and say which rows were written (for change events after the commit). */
export async function loadDatasetWithLog(prisma: Db, dataset: Dataset, options: LoadOptions = {}) {
  let result: { report: LoadReport; written: WrittenRow[]; rows: RowChange[] } | undefined;
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
  return { report, written: loader.written, rows: loader.rows };
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
  /** Per row written, each column it changed: what a dry run shows. */
  readonly rows: RowChange[] = [];
  private readonly personCountries = new Map<number, number | null>();
  /** Engagements created by this load: their first status goes into their history once cited. */
  private readonly newEngagements: { id: number; status: string }[] = [];

  constructor(
    private readonly tx: Tx,
    private readonly author: { actor: string; apiKeyId: number | null },
  ) {}

  async load(d: Dataset): Promise<LoadReport> {
    const tx = this.tx;
    for (const s of d.sources) {
      const where = s.url !== undefined ? { url: s.url } : { ref: s.ref! };
      // A ref is stored for the first source loaded with it. Within a file a ref always means
      // that file's source; a file that reuses a ref another source holds keeps its own meaning
      // and stores none, so later files citing the ref still find the first.
      let storeRef = s.url !== undefined && s.ref !== undefined;
      if (storeRef) {
        const holder = await tx.source.findUnique({ where: { ref: s.ref! }, select: { url: true } });
        storeRef = !holder || holder.url === s.url;
      }
      const row = await this.upsert("sources", tx.source, where, s, s.url ?? `ref ${s.ref}`, {
        ...(storeRef ? { ref: s.ref } : {}),
        title: s.title,
        publisher: s.publisher,
        kind: s.kind,
        ...named(s, "published", () => dateColumns("published", s.published)),
        ...named(s, "retrieved", () => ({ retrievedDate: dateColumns("retrieved", s.retrieved).retrievedDate })),
      }, { kind: "NEWS_REPORT" });
      if (!row) continue;
      const url = (row as { url?: string }).url ?? s.url!;
      if (s.ref) this.sourceRefs.set(s.ref, url);
      this.ids.set(`source:${url}`, row.id);
    }
    for (const c of d.countries) {
      const row = await this.upsert("countries", tx.country, { code: c.code }, c, c.code, {
        alpha3: c.alpha3,
        name: c.name,
        region: c.region,
      });
      if (row) this.ids.set(`country:${c.code}`, row.id);
    }
    for (const o of d.organisations) {
      const seatCountryId = o.seat ? await this.country(o, "seat.country", o.seat.country) : null;
      const row = await this.upsert("organisations", tx.organisation, { acronym: o.acronym }, o, o.acronym, {
        name: o.name,
        kind: o.kind,
        ...named(o, "founded", () => dateColumns("founded", o.founded)),
        ...named(o, "seat", () => ({ seatCity: o.seat?.city ?? null, seatCountryId, ...dateColumns("seatSince", o.seat?.since) })),
      });
      if (!row) continue;
      this.ids.set(`organisation:${o.acronym}`, row.id);
      await this.cite(o, "organisationId", row.id, o.sources);
    }
    for (const p of d.people) {
      const countryId = p.country ? await this.country(p, "country", p.country) : null;
      const row = await this.upsert("people", tx.person, { slug: p.slug }, p, p.slug, {
        name: p.name,
        alternateNames: p.alternateNames,
        ...named(p, "country", () => ({ countryId })),
      }, { alternateNames: [] });
      if (!row) continue;
      this.ids.set(`person:${p.slug}`, row.id);
      this.personCountries.set(row.id, (row as { countryId?: number | null }).countryId ?? null);
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
        m,
        `${m.organisation} ${m.country} ${m.status} from ${m.from ?? "unknown"}`,
        {
          founding: m.founding,
          ...named(m, "from", () => ({ fromPrecision: from.fromPrecision })),
          ...named(m, "to", () => dateColumns("to", m.to)),
          ...named(m, "attested", () => dateColumns("attested", m.attested)),
          ...named(m, "note", () => ({ note: m.note ?? null })),
        },
        { founding: false },
      );
      if (row) await this.cite(m, "membershipId", row.id, m.sources);
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
        t,
        `${t.person} ${t.portfolio} ${t.country ?? t.organisation} from ${t.from ?? "unknown"}`,
        {
          title: t.title,
          ...named(t, "from", () => ({ fromPrecision: from.fromPrecision })),
          ...named(t, "to", () => dateColumns("to", t.to)),
          ...named(t, "attested", () => dateColumns("attested", t.attested)),
          ...named(t, "note", () => ({ note: t.note ?? null })),
        },
      );
      if (row) await this.cite(t, "tenureId", row.id, t.sources);
    }
    for (const s of d.series) {
      const organisationId = s.organisation ? await this.organisation(s, "organisation", s.organisation) : undefined;
      if (organisationId === null) continue;
      const row = await this.upsert("series", tx.eventSeries, { slug: s.slug }, s, s.slug, {
        name: s.name,
        organisationId,
        ...named(s, "portfolio", () => ({ portfolio: s.portfolio ?? null })),
      });
      if (row) this.ids.set(`series:${s.slug}`, row.id);
    }
    for (const s of d.summits) {
      const organisationId = s.organisation ? await this.organisation(s, "organisation", s.organisation) : undefined;
      const hostCountryId = s.host ? await this.country(s, "host", s.host) : undefined;
      const seriesId = s.series ? await this.lookup(s, "series", "series", s.series, () => this.tx.eventSeries.findUnique({ where: { slug: s.series! }, select: { id: true } })) : null;
      const hostPersonId = s.hostPerson ? await this.person(s, "hostPerson", s.hostPerson) : null;
      if (organisationId === null || hostCountryId === null) continue;
      const row = await this.upsert("summits", tx.summit, { slug: s.slug }, s, s.slug, {
        name: s.name,
        organisationId,
        ...named(s, "series", () => ({ seriesId })),
        hostCountryId,
        city: s.city,
        ...named(s, "region", () => ({ region: s.region ?? null })),
        ...named(s, "start", () => dateColumns("start", s.start)),
        ...named(s, "end", () => dateColumns("end", s.end)),
        ...named(s, "hostPerson", () => ({ hostPersonId })),
        ...named(s, "note", () => ({ note: s.note ?? null })),
      });
      if (!row) continue;
      this.ids.set(`summit:${s.slug}`, row.id);
      await this.cite(s, "summitId", row.id, s.sources);
      for (const [i, a] of (s.attendance ?? []).entries()) {
        const countryId = await this.country(s, `attendance[${i}].country`, a.country);
        const personId = a.person ? await this.person(s, `attendance[${i}].person`, a.person) : null;
        if (countryId == null) continue;
        this.checkPersonCountry(s, `attendance[${i}].person`, personId, countryId, a.person, a.country);
        const att = await this.upsert(
          "attendance",
          tx.attendance,
          { summitId: row.id, countryId, personId },
          a,
          `${s.slug} ${a.country}${a.person ? ` ${a.person}` : ""}`,
          { role: a.role, mode: a.mode, ...named(a, "note", () => ({ note: a.note ?? null })) },
          {},
          { row: s, path: `attendance[${i}]` },
        );
        if (att) await this.cite(s, "attendanceId", att.id, a.sources, `attendance[${i}].sources`);
      }
    }
    for (const e of d.engagements) {
      const summitId = e.summit ? await this.summit(e, "summit", e.summit) : null;
      const organisationId = e.organisation ? await this.organisation(e, "organisation", e.organisation) : null;
      const placeCountryId = e.placeCountry ? await this.country(e, "placeCountry", e.placeCountry) : null;
      const row = await this.upsert("engagements", tx.engagement, { slug: e.slug }, e, e.slug, {
        title: e.title,
        kind: e.kind,
        formality: e.formality,
        status: e.status,
        ...named(e, "date", () => dateColumns("date", e.date)),
        ...named(e, "place", () => ({ place: e.place ?? null })),
        ...named(e, "placeCountry", () => ({ placeCountryId })),
        ...named(e, "summit", () => ({ summitId })),
        ...named(e, "organisation", () => ({ organisationId })),
        ...named(e, "summary", () => ({ summary: e.summary ?? null })),
      });
      if (!row) continue;
      for (const [i, p] of (e.participants ?? []).entries()) {
        const countryId = await this.country(e, `participants[${i}].country`, p.country);
        const personId = p.person ? await this.person(e, `participants[${i}].person`, p.person) : null;
        if (countryId == null) continue;
        this.checkPersonCountry(e, `participants[${i}].person`, personId, countryId, p.person, p.country);
        await this.upsert(
          "participants",
          tx.engagementParticipant,
          { engagementId: row.id, countryId, personId },
          p,
          `${e.slug} ${p.country}${p.person ? ` ${p.person}` : ""}`,
          { role: p.role },
          {},
          { row: e, path: `participants[${i}]` },
        );
      }
      await this.cite(e, "engagementId", row.id, e.sources);
    }
    for (const inc of d.incidents) {
      const row = await this.upsert("incidents", tx.incident, { slug: inc.slug }, inc, inc.slug, {
        name: inc.name,
        kind: inc.kind,
        ...named(inc, "start", () => dateColumns("start", inc.start)),
        ...named(inc, "end", () => dateColumns("end", inc.end)),
        ...named(inc, "location", () => ({ location: inc.location ?? null })),
        ...named(inc, "summary", () => ({ summary: inc.summary ?? null })),
      });
      if (!row) continue;
      for (const [i, code] of (inc.parties ?? []).entries()) {
        const countryId = await this.country(inc, `parties[${i}]`, code);
        if (countryId == null) continue;
        await this.upsert("incidentParties", tx.incidentParty, { incidentId: row.id, countryId }, {}, `${inc.slug} ${code}`, {});
      }
      for (const [i, n] of (inc.names ?? []).entries()) {
        const usedByCountryId = n.usedBy ? await this.country(inc, `names[${i}].usedBy`, n.usedBy) : null;
        await this.upsert("incidentNames", tx.incidentName, { incidentId: row.id, name: n.name }, n, `${inc.slug} ${n.name}`, { usedByCountryId });
      }
      await this.cite(inc, "incidentId", row.id, inc.sources);
    }
    for (const st of d.statements) {
      const speakerId = st.speaker ? await this.person(st, "speaker", st.speaker) : null;
      const countryId = st.country ? await this.country(st, "country", st.country) : null;
      const summitId = st.summit ? await this.summit(st, "summit", st.summit) : null;
      const row = await this.upsert("statements", tx.statement, { slug: st.slug }, st, st.slug, {
        ...named(st, "speaker", () => ({ speakerId })),
        ...named(st, "country", () => ({ countryId })),
        ...named(st, "summit", () => ({ summitId })),
        ...named(st, "place", () => ({ place: st.place ?? null })),
        ...named(st, "date", () => dateColumns("date", st.date)),
        summary: st.summary,
        topics: st.topics,
      }, { topics: [] });
      if (row) await this.cite(st, "statementId", row.id, st.sources);
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

  /**
   * Match a row by its natural key and write the columns it names: `data` entries that are
   * undefined were not named and are left alone. A new row must name every field of
   * requiredToCreate; `defaults` fill the columns a new row may leave out. Returns null (and
   * records an issue) when a new row lacks a required field.
   */
  private async upsert(
    entity: EntityName,
    delegate: unknown,
    where: Record<string, unknown>,
    row: object,
    label: string,
    data: Record<string, unknown>,
    defaults: Record<string, unknown> = {},
    at?: { row: object; path: string },
  ) {
    const model = delegate as Delegate;
    const given = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
    const existing = await model.findFirst({ where });
    if (!existing) {
      const required = (requiredToCreate as Record<string, readonly string[]>)[entity] ?? [];
      const missing = required.filter((f) => (row as Record<string, unknown>)[f] == null);
      if (missing.length) {
        for (const f of missing) {
          if (at) this.issue(at.row, `${at.path}.${f}`, `is required: no ${entityTypes[entity].toLowerCase()} matches (${label}), so this row creates one`);
          else this.issue(row, f, `is required: no ${entityTypes[entity].toLowerCase()} matches (${label}), so this row creates one`);
        }
        return null;
      }
      this.report[entity].created++;
      const created = await model.create({ data: { ...defaults, ...where, ...given } });
      this.rows.push({
        entity,
        key: label,
        action: "CREATE",
        fields: Object.entries(created)
          .filter(([k, v]) => v != null && !unloggedColumns.has(k) && !(Array.isArray(v) && v.length === 0))
          .map(([field, v]) => ({ field, before: null, after: show(v) })),
      });
      await this.log(entity, "CREATE", created, null);
      return created as { id: number };
    }
    const changed = Object.entries(given).filter(([k, v]) => !same(existing[k], v));
    if (changed.length === 0) {
      this.report[entity].unchanged++;
      return existing as { id: number };
    }
    this.report[entity].updated++;
    this.rows.push({
      entity,
      key: label,
      action: "UPDATE",
      fields: changed.map(([field, v]) => ({ field, before: show(existing[field]), after: show(v) })),
    });
    const update = Object.fromEntries(changed);
    if ("version" in existing) update.version = { increment: 1 };
    const updated = await model.update({ where: { id: existing.id as number }, data: update });
    await this.log(entity, "UPDATE", updated, existing);
    return updated as { id: number };
  }

  /** A participant or attendee speaks for their own country: a person of another is refused. */
  private checkPersonCountry(row: object, field: string, personId: number | null, countryId: number, person?: string, country?: string) {
    if (personId == null) return;
    const own = this.personCountries.get(personId);
    if (own != null && own !== countryId) this.issue(row, field, `${person} belongs to another country than ${country}`);
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
    return this.lookup(row, field, "person", slug, async () => {
      const found = await this.tx.person.findUnique({ where: { slug }, select: { id: true, countryId: true } });
      if (found) this.personCountries.set(found.id, found.countryId);
      return found;
    });
  }
  private summit(row: object, field: string, slug: string) {
    return this.lookup(row, field, "summit", slug, () => this.tx.summit.findUnique({ where: { slug }, select: { id: true } }));
  }

  /** Cite sources by ref (this file's, or one a file loaded earlier) or by URL. */
  private async cite(row: object, column: string, factId: number, citations: Citation[] | undefined, field = "sources") {
    for (const [i, c] of (citations ?? []).entries()) {
      const ref = typeof c === "string" ? c : c.source;
      const url = this.sourceRefs.get(ref) ?? ref;
      const sourceId = await this.lookup(row, `${field}[${i}]`, "source", url, async () =>
        (await this.tx.source.findUnique({ where: { url }, select: { id: true } })) ??
        this.tx.source.findUnique({ where: { ref }, select: { id: true } }),
      );
      if (sourceId == null) continue;
      await this.upsert("citations", this.tx.citation, { sourceId, [column]: factId }, {}, `${column.replace(/Id$/, "")} ${factId} <- ${url}`, {
        note: typeof c === "string" ? null : (c.note ?? null),
        ...dateColumns("attests", typeof c === "string" ? null : c.attests),
      });
    }
  }
}
