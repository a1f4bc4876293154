// Whole-operation reads: a query whose every field is covered here is compiled into ONE SQL
// statement that builds the answer's JSON inside PostgreSQL (objects and lists over correlated
// subqueries, the way PostGraphile does), instead of Pothos resolving it field by field through
// Prisma. A deep traversal (bench Q1: SCO -> members -> defence minister -> their engagements ->
// participants, sources) spent ~80% of its server CPU in Node turning hundreds of nested rows
// into objects and back; here the text PostgreSQL writes is what JSON.stringify would write, and
// it is sent as it is.
//
// It is an optimisation, never a second API: anything not covered below (a field, an argument
// such as `after` on a Pothos connection, pageInfo, cursors, an interface) makes compileRead
// return null and the operation runs through the resolvers as before. Where a rule exists in
// src/domain (asOf, certainty, partial dates, engagement pages) the SQL comes from there, so both
// paths apply the same rule; test/compiled-reads.test.ts runs documents both ways and compares
// the answers byte for byte.
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isObjectType,
  isUnionType,
  Kind,
  type FragmentDefinitionNode,
} from "graphql";
import { collectFields, collectSubfields } from "graphql/execution/collectFields.js";
import { MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from "../builder.ts";
import type { Statement } from "../db.ts";
import { certaintySql, certainlyInEffectSql, possiblyInEffectSql } from "../domain/as-of.ts";
import { type PartialDate, partialDateSql } from "../domain/dates.ts";
import { type PageFilter, participationPageSql, participationTotalSql } from "../domain/engagement-pages.ts";
import { normaliseCountryCode } from "../domain/lookups.ts";
import { searchCall } from "../domain/search.ts";
import { type ContactSide, lastContactSql, type StatsDimension } from "../domain/analysis.ts";
import { countKeyOf, rollupStatsSql } from "../domain/engagement-counts.ts";
import { engagementWhereSql, type ResolvedEngagementFilter } from "../domain/engagement-filter.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { decodeOffset } from "./cursors.ts";
import { globalIdOf } from "./ids.ts";

/** Thrown while compiling when something is not covered: the operation takes the resolver path. */
class NotCovered extends Error {}

interface Compilation {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  aliases: number;
  /** False once a selected field's JSON may differ from JSON.stringify's (see CompiledRead). */
  verbatim: boolean;
  /**
   * What must hold for the statement to answer (a code looked up in it exists): when one does
   * not, the statement answers null and the resolvers answer instead, with their error.
   */
  checks: Prisma.Sql[];
}

interface FieldCall {
  c: Compilation;
  /** The SQL alias of the parent row. */
  row: string;
  args: Record<string, any>;
  nodes: readonly FieldNode[];
  def: GraphQLField<unknown, unknown>;
}

/**
 * SQL whose value is already JSON text (an object or list built here), as opposed to a column or
 * an expression of some SQL type, which to_json turns into JSON as json_build_object would. A
 * mark rather than a wrapper type, so it embeds in Prisma.sql like any other SQL.
 */
const jsonSql = new WeakSet<Prisma.Sql>();
const json = (sql: Prisma.Sql) => (jsonSql.add(sql), sql);
type Handler = (call: FieldCall) => Prisma.Sql;
type Fields = Record<string, Handler>;

const raw = Prisma.raw;
const alias = (c: Compilation) => `t${++c.aliases}`;

/** The JSON object of one row of `type`, with the selected fields in the order the executor gives them. */
function objectJson(c: Compilation, type: GraphQLObjectType, nodes: readonly FieldNode[], fields: Fields, row: string): Prisma.Sql {
  const selected = collectSubfields(c.schema, c.fragments, c.variables, type, nodes);
  return fieldsJson(c, type, selected, fields, row);
}

/**
 * The object as JSON text, written without whitespace, as JSON.stringify writes it: the answer is
 * sent as PostgreSQL wrote it (src/plugins/json-answers.ts), and must be byte for byte what the
 * resolver path serialises. json_build_object and json_agg put spaces between tokens, so objects
 * and lists are concatenated here instead; each value still becomes JSON through to_json, the
 * conversion json_build_object applies to its arguments.
 */
function fieldsJson(c: Compilation, type: GraphQLObjectType, selected: Map<string, readonly FieldNode[]>, fields: Fields, row: string): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  let literal = "{";
  for (const [key, fieldNodes] of selected) {
    const name = fieldNodes[0]!.name.value;
    let value: Prisma.Sql;
    // Type names are GraphQL names: safe in an SQL literal and a JSON string.
    if (name === "__typename") value = json(raw(`'"${type.name}"'`));
    else {
      const handler = Object.hasOwn(fields, name) ? fields[name] : undefined;
      const def = type.getFields()[name];
      if (!handler || !def) throw new NotCovered(`${type.name}.${name}`);
      const args = getArgumentValues(def, fieldNodes[0]!, c.variables);
      value = handler({ c, row, args, nodes: fieldNodes, def });
    }
    // Response keys are GraphQL names ([_A-Za-z][_0-9A-Za-z]*): safe in an SQL literal and a JSON string.
    parts.push(raw(`'${literal}"${key}":'`));
    parts.push(jsonSql.has(value) ? value : Prisma.sql`coalesce(to_json(${value})::text, 'null')`);
    literal = ",";
  }
  parts.push(raw(`'${parts.length ? "" : "{"}}'`));
  return json(concat(parts));
}

/** concat() of the parts (text, none null), nested when there are more than one call takes. */
function concat(parts: Prisma.Sql[]): Prisma.Sql {
  const MAX_ARGS = 100;
  if (parts.length === 1) return parts[0]!;
  if (parts.length > MAX_ARGS) {
    const groups: Prisma.Sql[] = [];
    for (let i = 0; i < parts.length; i += MAX_ARGS) groups.push(concat(parts.slice(i, i + MAX_ARGS)));
    return concat(groups);
  }
  return Prisma.sql`concat(${Prisma.join(parts, ", ")})`;
}

/** A JSON array of `element` over the rows of `from`, in `order`; [] when there are none. */
const jsonList = (element: Prisma.Sql, order: Prisma.Sql, from: Prisma.Sql) =>
  json(Prisma.sql`coalesce((SELECT '[' || string_agg(${element}, ',' ORDER BY ${order}) || ']'
    FROM ${from}), '[]')`);

/** The JSON of one row's object, or null when there is no such row. */
const jsonRow = (element: Prisma.Sql, from: Prisma.Sql) => json(Prisma.sql`coalesce((SELECT ${element} FROM ${from}), 'null')`);

const objectType = (def: GraphQLField<unknown, unknown>) => {
  const type = getNamedType(def.type);
  if (!isObjectType(type)) throw new NotCovered(`${def.name}: not an object type`);
  return type;
};

/**
 * The JSON of one row of a union member whose kind and id are SQL expressions: each covered member
 * type's own object (the selection as that type sees it, fragments included), chosen by kind.
 */
function unionJson(c: Compilation, def: GraphQLField<unknown, unknown>, nodes: readonly FieldNode[], kind: string, id: string): Prisma.Sql {
  const union = getNamedType(def.type);
  if (!isUnionType(union)) throw new NotCovered(`${def.name}: not a union`);
  const arms = c.schema.getPossibleTypes(union).map((type) => {
    const fields = Object.hasOwn(FIELDS, type.name) ? FIELDS[type.name as keyof typeof FIELDS] : undefined;
    if (!fields) throw new NotCovered(`${union.name} member ${type.name}`);
    const a = alias(c);
    return Prisma.sql`WHEN ${raw(`'${type.name}'`)} THEN (SELECT ${objectJson(c, type, nodes, fields, a)} FROM "${raw(type.name)}" ${raw(a)} WHERE ${raw(a)}.id = ${raw(id)})`;
  });
  return json(Prisma.sql`coalesce(CASE ${raw(kind)} ${Prisma.join(arms, " ")} END, 'null')`);
}

// ---------------------------------------------------------------------------------------------
// Field kinds

const column = (name: string): Handler => ({ row }) => raw(`${row}."${name}"`);
const partialDate = (prefix: string): Handler => ({ row }) => {
  const date = prefix === "date" ? "date" : `${prefix}Date`;
  return raw(partialDateSql(`${row}."${date}"`, `${row}."${prefix}Precision"`));
};
/** dayOrNull: a bound column shown as a full day. */
const day = (name: string): Handler => ({ row }) => raw(`to_char(${row}."${name}", 'YYYY-MM-DD')`);
/** Relay's global ID: base64 of "Type:id" (short enough that PostgreSQL's base64 has no line break). */
const globalId = (typename: string): Handler => ({ row }) => raw(`encode(convert_to('${typename}:' || ${row}.id, 'UTF8'), 'base64')`);

/** A to-one relation through a foreign key of the parent row (null when the key is). */
const toOne = (table: keyof typeof FIELDS, foreignKey: string): Handler => ({ c, row, nodes, def }) => {
  const a = alias(c);
  return jsonRow(objectJson(c, objectType(def), nodes, FIELDS[table], a), Prisma.sql`"${raw(table)}" ${raw(a)} WHERE ${raw(a)}.id = ${raw(`${row}."${foreignKey}"`)}`);
};

/** A fact's sources: its citations oldest first, each citation's source (sourcedFields in source.ts). */
const sources = (factKey: string): Handler => ({ c, row, nodes, def }) => {
  const ci = alias(c);
  const s = alias(c);
  return jsonList(
    objectJson(c, objectType(def), nodes, FIELDS.Source, s),
    raw(`${ci}.id`),
    Prisma.sql`"Citation" ${raw(ci)} JOIN "Source" ${raw(s)} ON ${raw(s)}.id = ${raw(ci)}."sourceId"
    WHERE ${raw(ci)}."${raw(factKey)}" = ${raw(row)}.id`,
  );
};
/** A fact's citations, oldest first (sourcedFields in source.ts). */
const citations = (factKey: string): Handler => ({ c, row, nodes, def }) => {
  const ci = alias(c);
  return jsonList(objectJson(c, objectType(def), nodes, FIELDS.Citation, ci), raw(`${ci}.id`), Prisma.sql`"Citation" ${raw(ci)} WHERE ${raw(ci)}."${raw(factKey)}" = ${raw(row)}.id`);
};
const corroboration = (factKey: string): Handler => ({ row }) =>
  raw(`(SELECT count(*)::int FROM "Citation" ci WHERE ci."${factKey}" = ${row}.id)`);

/** `first` of a forward-only page; anything Pothos would refuse or treat specially takes the resolver path. */
function pageSize(args: Record<string, any>): number {
  if (args.last != null || args.before != null) throw new NotCovered("backward paging");
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw new NotCovered(`first: ${first}`);
  return first;
}

interface ConnectionSpec {
  /** FROM clause of the page: rows already cut to the page, as `edgeRow` (and `nodeRow`). */
  page: (a: string) => Prisma.Sql;
  /** ORDER BY of the page's rows, over `a`. */
  order: (a: string) => Prisma.Sql;
  nodeTable: keyof typeof FIELDS;
  /** The node's alias given the edge's (engagement pages join the engagement to the participation). */
  nodeRow?: (a: string) => string;
  edge?: Fields;
  totalCount?: Prisma.Sql;
  totalCountIsExact?: Prisma.Sql;
}

/** A Relay connection: edges (node and the given edge fields) and totalCount; no cursors or pageInfo. */
function connection({ c, nodes, def }: FieldCall, spec: ConnectionSpec): Prisma.Sql {
  const connectionType = objectType(def);
  const edges: Handler = (call) => {
    const edgeType = objectType(call.def);
    const a = alias(c);
    const nodeRow = spec.nodeRow ? spec.nodeRow(a) : a;
    const edgeFields: Fields = {
      ...spec.edge,
      node: (n) => objectJson(c, objectType(n.def), n.nodes, FIELDS[spec.nodeTable], nodeRow),
    };
    return jsonList(objectJson(c, edgeType, call.nodes, edgeFields, a), spec.order(a), spec.page(a));
  };
  const fields: Fields = { edges };
  if (spec.totalCount) fields.totalCount = () => spec.totalCount!;
  if (spec.totalCountIsExact) fields.totalCountIsExact = () => spec.totalCountIsExact!;
  return objectJson(c, connectionType, nodes, fields, "");
}

// ---------------------------------------------------------------------------------------------
// Connections, with the same filters and orders as their resolvers (schema/*.ts)

interface DatedArgs {
  asOf?: PartialDate | null;
  certainOnly?: boolean | null;
}

const asOfSql = (a: string, args: DatedArgs) =>
  !args.asOf ? Prisma.sql`TRUE` : args.certainOnly ? certainlyInEffectSql(a, args.asOf) : possiblyInEffectSql(a, args.asOf);

/** The edge's certainty and confirmedUntil (certaintyEdgeFields in organisation.ts). */
const certaintyEdge = (args: DatedArgs): Fields => ({
  certainty: ({ row }) => (args.asOf ? certaintySql(row, args.asOf) : Prisma.sql`NULL::text`),
  confirmedUntil: day("confirmedUntil"),
});

/**
 * A page of dated facts under a parent (memberships, office holders): live rows of the parent,
 * `only` (the status or portfolio filter), in effect on asOf, in `order`, with the certainty edge.
 */
function datedFacts(
  table: "Membership" | "Tenure",
  parentKey: "organisationId" | "countryId",
  only: (a: string, args: FieldCall["args"]) => Prisma.Sql,
  order: (a: string) => Prisma.Sql,
): Handler {
  return (call) => {
    const { args, row } = call;
    const take = pageSize(args);
    if (args.after != null) throw new NotCovered("after");
    const where = (a: string) =>
      Prisma.sql`${raw(a)}."${raw(parentKey)}" = ${raw(row)}.id AND ${raw(a)}."retractedAt" IS NULL
        AND ${only(a, args)} AND ${asOfSql(a, args)}`;
    const t = alias(call.c);
    return connection(call, {
      nodeTable: table,
      page: (a) => Prisma.sql`(SELECT ${raw(a)}.* FROM "${raw(table)}" ${raw(a)} WHERE ${where(a)} ORDER BY ${order(a)} LIMIT ${take}) ${raw(a)}`,
      order,
      edge: certaintyEdge(args),
      totalCount: Prisma.sql`(SELECT count(*)::int FROM "${raw(table)}" ${raw(t)} WHERE ${where(t)})`,
    });
  };
}

/** membershipWhere and membershipOrder (organisation.ts). */
const memberships = (parentKey: "organisationId" | "countryId") =>
  datedFacts(
    "Membership",
    parentKey,
    (a, args) => (args.status ? Prisma.sql`${raw(a)}.status::text = ANY(${[...args.status]}::text[])` : Prisma.sql`TRUE`),
    (a) => raw(`${a}."fromDate" ASC NULLS LAST, ${a}.id ASC`),
  );

/** tenureWhere and the officeHolders order (country.ts). */
const officeHolders = (parentKey: "organisationId" | "countryId") =>
  datedFacts(
    "Tenure",
    parentKey,
    (a, args) => (args.portfolio ? Prisma.sql`${raw(a)}.portfolio::text = ${args.portfolio}` : Prisma.sql`TRUE`),
    (a) => raw(`${a}."fromDate" DESC NULLS LAST, ${a}."attestedDate" DESC NULLS LAST, ${a}.id DESC`),
  );

/** engagementsOf (engagement.ts): pages and totals from domain/engagement-pages.ts. */
function engagements(parentColumn: "countryId" | "personId"): Handler {
  return (call) => {
    const { args, row } = call;
    const take = pageSize(args);
    const offset = args.after ? decodeOffset(args.after) + 1 : 0;
    const filter: PageFilter = {
      summitId: args.summit ? globalIdOf("Summit", args.summit) : null,
      status: args.status ? [...args.status] : null,
      kind: args.kind ? [...args.kind] : null,
    };
    const parent = Prisma.sql`${raw(row)}.id`;
    return connection(call, {
      nodeTable: "Engagement",
      page: (a) =>
        Prisma.sql`(${participationPageSql(parentColumn, parent, filter, offset, take)}) ${raw(a)} JOIN "Engagement" ${raw(`${a}e`)} ON ${raw(`${a}e`)}.id = ${raw(a)}."engagementId"`,
      order: (a) => raw(`${a}.date DESC, ${a}."engagementId" DESC, ${a}.id`),
      nodeRow: (a) => `${a}e`,
      edge: { role: column("role") },
      totalCount: participationTotalSql(parentColumn, parent, filter),
    });
  };
}

/** Engagement.participants: a relatedConnection ordered by id. */
const participants: Handler = (call) => {
  const take = pageSize(call.args);
  if (call.args.after != null) throw new NotCovered("after");
  const t = alias(call.c);
  return connection(call, {
    nodeTable: "EngagementParticipant",
    page: (a) => Prisma.sql`(SELECT ${raw(a)}.* FROM "EngagementParticipant" ${raw(a)} WHERE ${raw(a)}."engagementId" = ${raw(call.row)}.id ORDER BY ${raw(a)}.id LIMIT ${take}) ${raw(a)}`,
    order: (a) => raw(`${a}.id`),
    totalCount: Prisma.sql`(SELECT count(*)::int FROM "EngagementParticipant" ${raw(t)} WHERE ${raw(t)}."engagementId" = ${raw(call.row)}.id)`,
  });
};

// ---------------------------------------------------------------------------------------------
// The covered types (each field as its resolver in schema/*.ts computes it)

const FIELDS: Record<
  "Organisation" | "Membership" | "Country" | "Tenure" | "Person" | "Engagement" | "EngagementParticipant" | "Source" | "Citation" | "Summit" | "Incident" | "Statement",
  Fields
> = {
  Organisation: {
    id: globalId("Organisation"),
    acronym: column("acronym"),
    name: column("name"),
    kind: column("kind"),
    founded: partialDate("founded"),
    seatCity: column("seatCity"),
    seatSince: partialDate("seatSince"),
    seatCountry: toOne("Country", "seatCountryId"),
    version: column("version"),
    memberships: memberships("organisationId"),
    officeHolders: officeHolders("organisationId"),
    sources: sources("organisationId"),
    citations: citations("organisationId"),
    corroboration: corroboration("organisationId"),
  },
  Membership: {
    id: globalId("Membership"),
    organisation: toOne("Organisation", "organisationId"),
    country: toOne("Country", "countryId"),
    status: column("status"),
    founding: column("founding"),
    from: partialDate("from"),
    to: partialDate("to"),
    attested: partialDate("attested"),
    confirmedUntil: day("confirmedUntil"),
    presumedUntil: day("presumedUntil"),
    endLatest: day("endLatest"),
    note: column("note"),
    version: column("version"),
    sources: sources("membershipId"),
    citations: citations("membershipId"),
    corroboration: corroboration("membershipId"),
  },
  Country: {
    id: globalId("Country"),
    code: column("code"),
    alpha3: column("alpha3"),
    name: column("name"),
    region: column("region"),
    version: column("version"),
    memberships: memberships("countryId"),
    officeHolders: officeHolders("countryId"),
    engagements: engagements("countryId"),
  },
  Tenure: {
    id: globalId("Tenure"),
    person: toOne("Person", "personId"),
    portfolio: column("portfolio"),
    title: column("title"),
    country: toOne("Country", "countryId"),
    organisation: toOne("Organisation", "organisationId"),
    from: partialDate("from"),
    to: partialDate("to"),
    attested: partialDate("attested"),
    confirmedUntil: day("confirmedUntil"),
    presumedUntil: day("presumedUntil"),
    endLatest: day("endLatest"),
    note: column("note"),
    version: column("version"),
    sources: sources("tenureId"),
    citations: citations("tenureId"),
    corroboration: corroboration("tenureId"),
  },
  Person: {
    id: globalId("Person"),
    slug: column("slug"),
    name: column("name"),
    alternateNames: column("alternateNames"),
    version: column("version"),
    country: toOne("Country", "countryId"),
    engagements: engagements("personId"),
  },
  Engagement: {
    id: globalId("Engagement"),
    slug: column("slug"),
    title: column("title"),
    kind: column("kind"),
    formality: column("formality"),
    status: column("status"),
    date: partialDate("date"),
    place: column("place"),
    placeCountry: toOne("Country", "placeCountryId"),
    summit: toOne("Summit", "summitId"),
    organisation: toOne("Organisation", "organisationId"),
    summary: column("summary"),
    version: column("version"),
    participants,
    sources: sources("engagementId"),
    citations: citations("engagementId"),
    corroboration: corroboration("engagementId"),
  },
  EngagementParticipant: {
    id: globalId("EngagementParticipant"),
    engagement: toOne("Engagement", "engagementId"),
    country: toOne("Country", "countryId"),
    person: toOne("Person", "personId"),
    role: column("role"),
  },
  Source: {
    id: globalId("Source"),
    url: column("url"),
    title: column("title"),
    publisher: column("publisher"),
    kind: column("kind"),
    published: partialDate("published"),
    version: column("version"),
    retrieved: day("retrievedDate"),
  },
  Citation: {
    note: column("note"),
    attests: partialDate("attests"),
    source: toOne("Source", "sourceId"),
  },
  Summit: {
    id: globalId("Summit"),
    slug: column("slug"),
    name: column("name"),
    organisation: toOne("Organisation", "organisationId"),
    hostCountry: toOne("Country", "hostCountryId"),
    city: column("city"),
    region: column("region"),
    start: partialDate("start"),
    end: partialDate("end"),
    hostPerson: toOne("Person", "hostPersonId"),
    note: column("note"),
    version: column("version"),
    sources: sources("summitId"),
    citations: citations("summitId"),
    corroboration: corroboration("summitId"),
  },
  Incident: {
    id: globalId("Incident"),
    slug: column("slug"),
    name: column("name"),
    kind: column("kind"),
    start: partialDate("start"),
    end: partialDate("end"),
    location: column("location"),
    summary: column("summary"),
    version: column("version"),
    sources: sources("incidentId"),
    citations: citations("incidentId"),
    corroboration: corroboration("incidentId"),
  },
  Statement: {
    id: globalId("Statement"),
    slug: column("slug"),
    speaker: toOne("Person", "speakerId"),
    country: toOne("Country", "countryId"),
    summit: toOne("Summit", "summitId"),
    place: column("place"),
    date: partialDate("date"),
    summary: column("summary"),
    topics: column("topics"),
    version: column("version"),
    sources: sources("statementId"),
    citations: citations("statementId"),
    corroboration: corroboration("statementId"),
  },
};

/** A position cursor (encodeOffset in cursors.ts: base64url of {"offset":n}) for an SQL offset expression. */
const offsetCursor = (offset: Prisma.Sql) =>
  Prisma.sql`translate(encode(convert_to('{"offset":' || (${offset}) || '}', 'UTF8'), 'base64'), '+/=', '-_')`;

/**
 * search (analysis.ts): summitry_search's page, one row per hit in rank order (its `n`), each hit's
 * object by kind, the cursors, pageInfo and the capped total, as its resolver gives them. A query
 * its resolver refuses (empty, too long, a bad cursor or page size) takes the resolver path.
 */
const search: Handler = (call) => {
  const { c, args } = call;
  const text = String(args.query).trim();
  if (!text || text.length > 200) throw new NotCovered("search text");
  const take = pageSize(args);
  const offset = args.after != null ? decodeOffset(args.after) + 1 : 0;
  const h = alias(c);
  const page = `(SELECT * FROM ${h} WHERE ${h}.kind IS NOT NULL AND ${h}.n <= ${take})`;
  const cursorOf = (n: string) => offsetCursor(Prisma.sql`${offset} + ${raw(n)} - 1`);
  const edges: Handler = (edgesCall) => {
    const e = alias(c);
    const edgeFields: Fields = {
      cursor: () => cursorOf(`${e}.n`),
      rank: () => {
        // A fraction: PostgreSQL and JavaScript write some of those differently (5e-05, 0.00005).
        c.verbatim = false;
        return raw(`${e}.rank`);
      },
      node: (n) => unionJson(c, n.def, n.nodes, `${e}.kind`, `${e}.id`),
    };
    return jsonList(objectJson(c, objectType(edgesCall.def), edgesCall.nodes, edgeFields, e), raw(`${e}.n`), raw(`${page} ${e}`));
  };
  const count = `(SELECT count(*) FROM ${page} p)`;
  const pageInfo: Handler = (infoCall) =>
    objectJson(c, objectType(infoCall.def), infoCall.nodes, {
      hasNextPage: () => raw(`((SELECT count(*) FROM ${h} WHERE ${h}.kind IS NOT NULL) > ${take})`),
      hasPreviousPage: () => raw(offset > 0 ? "true" : "false"),
      startCursor: () => Prisma.sql`CASE WHEN ${raw(count)} > 0 THEN ${cursorOf("1")} END`,
      endCursor: () => Prisma.sql`CASE WHEN ${raw(count)} > 0 THEN ${cursorOf(count)} END`,
    }, "");
  const connection = objectJson(c, objectType(call.def), call.nodes, {
    edges,
    pageInfo,
    totalCount: () => raw(`(SELECT max(${h}.total) FROM ${h})`),
    totalCountIsExact: () => raw(`(SELECT bool_and(${h}.exact) FROM ${h})`),
  }, "");
  return json(Prisma.sql`(WITH ${raw(h)} AS (SELECT * FROM ${searchCall(text, offset, take + 1)} WITH ORDINALITY AS s(kind, id, rank, total, exact, n))
    SELECT ${connection})`);
};

/**
 * engagementStats (analysis.ts) when the rollup answers it and its filter names nothing to look up
 * (statuses, kinds, formalities: what resolveEngagementFilter passes through as they are): the
 * groups and the total of rollupStatsSql, as statsFromCounts runs them.
 */
const engagementStats: Handler = (call) => {
  const { c, args } = call;
  const filter = (args.filter ?? {}) as Record<string, unknown>;
  for (const [field, value] of Object.entries(filter)) {
    if (value != null && !["status", "kind", "formality"].includes(field)) throw new NotCovered(`engagementStats filter ${field}`);
  }
  const list = (v: unknown) => (v == null ? null : [...(v as string[])]);
  const resolved: ResolvedEngagementFilter = {
    allCountryIds: [], anyCountryIds: null, allPersonIds: [], anyPersonIds: null,
    kind: list(filter.kind), status: list(filter.status), formality: list(filter.formality),
    fromDay: null, toDay: null, summitId: null, organisationId: null,
  };
  const key = countKeyOf(resolved);
  const sql = key && rollupStatsSql(key, [...new Set(args.groupBy as StatsDimension[])]);
  if (!sql) throw new NotCovered("engagementStats beyond the rollup");
  const g = alias(c);
  const groups: Handler = (groupsCall) =>
    jsonList(
      objectJson(c, objectType(groupsCall.def), groupsCall.nodes, {
        year: () => raw(`${g}.year`),
        country: toOne("Country", "countryId"),
        kind: () => raw(`${g}.kind`),
        status: () => raw(`${g}.status`),
        count: () => raw(`${g}.count`),
      }, g),
      raw(`${g}.n`),
      Prisma.sql`(SELECT s.*, row_number() OVER () AS n FROM (${sql.groups}) s) ${raw(g)}`,
    );
  return objectJson(c, objectType(call.def), call.nodes, { groups, total: () => Prisma.sql`(${sql.total})` }, "");
};

// Natural keys looked up inside the statement (lookups.ts looks them up first, in a statement of
// their own): each lookup is also a check, so an unknown one sends the operation to the resolvers,
// whose error (UNKNOWN_COUNTRY, ...) the client gets.
function idLookup(c: Compilation, lookup: Prisma.Sql): Prisma.Sql {
  c.checks.push(Prisma.sql`${lookup} IS NOT NULL`);
  return lookup;
}
const countryIdSql = (c: Compilation, code: string) =>
  idLookup(c, Prisma.sql`(SELECT id FROM "Country" WHERE code = ${normaliseCountryCode(code)}::char(2))`);
const personIdSql = (c: Compilation, slug: string) => idLookup(c, Prisma.sql`(SELECT id FROM "Person" WHERE slug = ${slug})`);
const organisationIdSql = (c: Compilation, acronym: string) =>
  idLookup(c, Prisma.sql`(SELECT id FROM "Organisation" WHERE acronym = ${acronym.trim().toUpperCase()})`);

/**
 * lastContact (analysis.ts): the contact row of lastContactSql, with the sides and the forum
 * looked up in the statement, and its engagement, summit, place and sources as the resolver
 * loads them (a meeting's sources, or those of both sides' attendance at a shared summit).
 */
const lastContact: Handler = (call) => {
  const { c, args } = call;
  if ((args.between == null) === (args.betweenPeople == null)) throw new NotCovered("lastContact sides");
  let sides: [ContactSide, ContactSide];
  let attendanceSide: string;
  if (args.between) {
    const codes = [...new Set((args.between as string[]).map((code) => code.trim().toUpperCase()))];
    if (codes.length !== 2) throw new NotCovered("lastContact between");
    sides = [{ country: countryIdSql(c, codes[0]!) }, { country: countryIdSql(c, codes[1]!) }];
    attendanceSide = `"countryId"`;
  } else {
    const slugs = [...new Set((args.betweenPeople as string[]).map((slug) => slug.trim()))];
    if (slugs.length !== 2) throw new NotCovered("lastContact betweenPeople");
    sides = [{ person: personIdSql(c, slugs[0]!) }, { person: personIdSql(c, slugs[1]!) }];
    attendanceSide = `"personId"`;
  }
  const contact = lastContactSql({
    a: sides[0],
    b: sides[1],
    organisationId: args.organisation ? organisationIdSql(c, String(args.organisation)) : null,
    portfolio: args.portfolio ?? null,
    before: (args.before as PartialDate | null | undefined)?.date ?? null,
  });
  const [a, b] = sides.map((side) => ("person" in side ? side.person : side.country)) as [Prisma.Sql, Prisma.Sql];
  const r = alias(c);
  const fields: Fields = {
    kind: column("kind"),
    date: () => raw(partialDateSql(`${r}.date`, `${r}.precision`)),
    place: column("place"),
    placeCountry: toOne("Country", "placeCountryId"),
    engagement: toOne("Engagement", "engagementId"),
    summit: toOne("Summit", "summitId"),
    sources: ({ nodes, def }) => {
      const s = alias(c);
      return jsonList(
        objectJson(c, objectType(def), nodes, FIELDS.Source, s),
        raw(`${s}.id`),
        Prisma.sql`"Source" ${raw(s)} WHERE ${raw(s)}.id IN (
          SELECT ci."sourceId" FROM "Citation" ci WHERE ${raw(r)}.source = 'ENGAGEMENT' AND ci."engagementId" = ${raw(r)}.id
          UNION
          SELECT ci."sourceId" FROM "Citation" ci JOIN "Attendance" x ON x.id = ci."attendanceId"
           WHERE ${raw(r)}.source = 'SUMMIT' AND x."summitId" = ${raw(r)}."summitId" AND x.${raw(attendanceSide)} IN (${a}, ${b}))`,
      );
    },
  };
  return jsonRow(
    objectJson(c, objectType(call.def), call.nodes, fields, r),
    Prisma.sql`(SELECT contact.*, CASE WHEN contact.source = 'ENGAGEMENT' THEN contact.id END AS "engagementId" FROM (${contact}) contact) ${raw(r)}`,
  );
};

/**
 * The engagements list (engagement.ts) filtered by countries (all of them took part), statuses,
 * kinds and formalities, in either date order, from its first page: the page walks the date index
 * with per-row participant probes, and the total comes from the rollup, as engagementTotal's does.
 */
const engagementList: Handler = (call) => {
  const { c, args } = call;
  const take = pageSize(args);
  if (args.after != null) throw new NotCovered("after");
  const filter = (args.filter ?? {}) as Record<string, unknown>;
  for (const [field, value] of Object.entries(filter)) {
    if (value != null && !["countries", "status", "kind", "formality"].includes(field)) throw new NotCovered(`engagements filter ${field}`);
  }
  const list = (v: unknown) => (v == null ? null : [...(v as string[])]);
  const codes = [...new Set(((filter.countries ?? []) as string[]).map(normaliseCountryCode))];
  const resolved: ResolvedEngagementFilter<Prisma.Sql> = {
    allCountryIds: codes.map((code) => countryIdSql(c, code)), anyCountryIds: null, allPersonIds: [], anyPersonIds: null,
    kind: list(filter.kind), status: list(filter.status), formality: list(filter.formality),
    fromDay: null, toDay: null, summitId: null, organisationId: null,
  };
  const key = countKeyOf(resolved);
  if (!key) throw new NotCovered("engagements total beyond the rollup");
  const direction = raw(args.orderBy === "DATE_ASC" ? "ASC" : "DESC");
  return connection(call, {
    nodeTable: "Engagement",
    page: (a) => Prisma.sql`(SELECT e.* FROM "Engagement" e WHERE ${engagementWhereSql(resolved, { probes: true })}
      ORDER BY e.date ${direction}, e.id ${direction} LIMIT ${take}) ${raw(a)}`,
    order: (a) => Prisma.sql`${raw(a)}.date ${direction}, ${raw(a)}.id ${direction}`,
    // The rollup's totals are exact at any size.
    totalCount: Prisma.sql`(${rollupStatsSql(key, [])!.total})`,
    totalCountIsExact: raw("true"),
  });
};

/** Root fields: the lookups by natural key, with the normalisation their resolvers apply. */
const QUERY: Fields = {
  organisation: ({ c, args, nodes, def }) => {
    const a = alias(c);
    return jsonRow(objectJson(c, objectType(def), nodes, FIELDS.Organisation, a), Prisma.sql`"Organisation" ${raw(a)} WHERE ${raw(a)}.acronym = ${String(args.acronym).trim().toUpperCase()}`);
  },
  country: ({ c, args, nodes, def }) => {
    const a = alias(c);
    return jsonRow(objectJson(c, objectType(def), nodes, FIELDS.Country, a), Prisma.sql`"Country" ${raw(a)} WHERE ${raw(a)}.code = ${normaliseCountryCode(String(args.code))}::char(2)`);
  },
  search,
  engagementStats,
  lastContact,
  engagements: engagementList,
};

/**
 * One statement whose one column `data` is the answer's `data` as JSON text. Its text is built
 * once (Prisma.Sql builds it again on every read of it).
 */
export interface CompiledRead extends Statement {
  /**
   * The text is what JSON.stringify writes for the data, byte for byte, so it can be sent as it
   * is; false when it holds a value PostgreSQL may write otherwise (a fraction), and it must be
   * parsed and written again.
   */
  verbatim: boolean;
}

// Compiled statements by document (Yoga's parser cache hands out one DocumentNode per query text)
// and by operation name and variables: a repeated request skips collecting fields and building SQL.
// At most CACHE_PER_DOCUMENT variable sets per document, so varying variables cannot grow it
// without bound; the documents themselves go when Yoga's cache drops them.
const CACHE_PER_DOCUMENT = 64;
const cache = new WeakMap<DocumentNode, Map<string, CompiledRead | null>>();

/**
 * The statement that answers this query operation, or null when some part of it is not covered
 * (or its variables do not coerce): then the resolvers answer it, errors and all.
 */
export function compileReadCached(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): CompiledRead | null {
  let byVariables = cache.get(document);
  if (!byVariables) cache.set(document, (byVariables = new Map()));
  const key = `${operationName ?? ""}\u0000${JSON.stringify(rawVariables ?? {})}`;
  const hit = byVariables.get(key);
  if (hit !== undefined) return hit;
  const compiled = compileRead(schema, document, operationName, rawVariables);
  if (byVariables.size >= CACHE_PER_DOCUMENT) byVariables.delete(byVariables.keys().next().value!);
  byVariables.set(key, compiled);
  return compiled;
}

/** compileRead without the cache. */
export function compileRead(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  rawVariables: Record<string, unknown> | null | undefined,
): CompiledRead | null {
  const operation = getOperationAST(document, operationName);
  const queryType = schema.getQueryType();
  if (!operation || operation.operation !== "query" || !queryType) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }
  const c: Compilation = { schema, fragments, variables: coerced.coerced, aliases: 0, verbatim: true, checks: [] };
  try {
    const selected = collectFields(schema, fragments, c.variables, queryType, operation.selectionSet);
    // Nothing to read (`{ __typename }`, a readiness probe): no round trip to the database.
    if ([...selected.values()].every((nodes) => nodes[0]!.name.value === "__typename")) return null;
    const answer = fieldsJson(c, queryType, selected, QUERY, "");
    const sql = c.checks.length
      ? Prisma.sql`SELECT CASE WHEN ${Prisma.join(c.checks, " AND ")} THEN ${answer} END AS data`
      : Prisma.sql`SELECT ${answer} AS data`;
    return { text: sql.text, values: sql.values, verbatim: c.verbatim };
  } catch (error) {
    // Not covered, or an argument its resolver would refuse (a bad code, an invalid cursor): the
    // resolver path says so properly.
    return null;
  }
}
