// The explorer served by the service (src/http/explorer.ts), its operations against the seed data,
// the documentId requests its pages send, and its date formatting. The pages themselves are
// driven in a browser by test/explorer-browser.test.ts.
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ExplorerCountryDocument,
  ExplorerIncidentDocument,
  ExplorerOrganisationDocument,
  ExplorerSummitDocument,
  ScoTraversalDocument,
} from "../client/generated/graphql.ts";
import { disconnectDb } from "../src/db.ts";
import { EXPLORER_CSP } from "../src/http/explorer.ts";
import { createServer } from "../src/yoga.ts";
import { documentIds, persistedBody } from "../web/src/client.ts";
import { formatPartialDate, formatRange, isPartialDate } from "../web/src/format.ts";
import { execute, run } from "./helpers/graphql.ts";

// A stand-in build, so these tests do not depend on Vite having run.
const dist = mkdtempSync(join(tmpdir(), "summitry-dist-"));
mkdirSync(join(dist, "assets"));
const INDEX = '<!doctype html><html lang="en"><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
writeFileSync(join(dist, "index.html"), INDEX);
writeFileSync(join(dist, "assets", "index-abc123.js"), "console.log('explorer')");
writeFileSync(join(dist, "assets", "index-abc123.css"), "body{}");

const yoga = createServer({ explorerDist: dist });
const unbuilt = createServer({ explorerDist: join(dist, "missing") });
afterAll(async () => {
  await yoga.dispose();
  await unbuilt.dispose();
  await disconnectDb();
  rmSync(dist, { recursive: true, force: true });
});

const get = (path: string, accept = "text/html,application/xhtml+xml", server = yoga, method = "GET") =>
  server.fetch(`http://summitry.test${path}`, { method, headers: { accept } });

describe("the explorer's routes", () => {
  it.each(["/", "/organisations/SCO", "/countries/IN", "/summits/sco-dmm-2025-qingdao", "/people/rajnath-singh", "/engagements/qingdao-2025-india-pakistan-informal", "/incidents/india-pakistan-standoff-2025-05", "/search?q=Qingdao"])(
    "answers the page route %s with index.html and a same-origin-only CSP",
    async (path) => {
      // Any Accept: a page route is a page route.
      const response = await get(path, "*/*");
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control")).toBe("no-cache");
      expect(response.headers.get("content-security-policy")).toBe(EXPLORER_CSP);
      expect(EXPLORER_CSP).toContain("default-src 'self'");
      expect(EXPLORER_CSP).toContain("connect-src 'self'");
      expect(await response.text()).toBe(INDEX);
    },
  );

  it("serves the build's hashed assets with their type and a year of caching, and HEAD without a body", async () => {
    const js = await get("/assets/index-abc123.js", "*/*");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(js.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await js.text()).toBe("console.log('explorer')");
    const css = await get("/assets/index-abc123.css", "text/css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const head = await get("/organisations/SCO", "text/html", yoga, "HEAD");
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("answers an unknown path with 404: index.html for a browser (the page says not found), the server's own 404 otherwise", async () => {
    const browser = await get("/no/such/page");
    expect(browser.status).toBe(404);
    expect(await browser.text()).toBe(INDEX);
    for (const path of ["/no/such/page", "/assets/missing.js", "/assets/../index.html", "/assets/%2e%2e/index.html", "/countries", "/countries/IN/extra", "/favicon.ico"]) {
      const api = await get(path, "application/json");
      expect(api.status, path).toBe(404);
      expect(api.headers.get("content-type") ?? "", path).not.toContain("text/html");
    }
  });

  it("leaves /graphql (GraphiQL for a browser), /health and POSTs to the rest of the server", async () => {
    const graphiql = await get("/graphql");
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain("GraphiQL");
    expect((await get("/health", "*/*")).status).toBe(200);
    const post = await yoga.fetch("http://summitry.test/organisations/SCO", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(post.status).toBe(404);
  });

  it("says how to build the explorer when web/dist is missing", async () => {
    const response = await get("/", "text/html", unbuilt);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("npm run build:web");
    expect((await get("/assets/index-abc123.js", "*/*", unbuilt)).status).toBe(404);
  });
});

describe("documentId requests (what the explorer's pages send)", () => {
  it("runs a persisted operation by documentId on a server that also takes query text, with the same answer", async () => {
    const id = documentIds.get("ExplorerSummit");
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    const byId = await yoga.fetch("http://summitry.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ documentId: id, variables: { slug: "sco-dmm-2025-qingdao" } }),
    });
    // The same typed document as query text: what it sends, __typename and ids included.
    const byText = await execute<{ summit?: { name: string } }>(yoga, print(ExplorerSummitDocument), { slug: "sco-dmm-2025-qingdao" });
    expect(byId.status).toBe(200);
    expect(await byId.json()).toEqual({ data: byText.data });
    expect(byText.data?.summit?.name).toBe("SCO Defence Ministers' Meeting 2025");
  });

  it("refuses an unknown documentId with PERSISTED_OPERATION_NOT_FOUND, and a request with neither as before", async () => {
    const unknown = await yoga.fetch("http://summitry.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ documentId: "sha256:0000" }),
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("PERSISTED_OPERATION_NOT_FOUND");
    const neither = await execute(yoga, undefined as unknown as string);
    expect(neither.status).toBe(400);
    expect(neither.errors?.[0]?.message).toBe("Must provide query string.");
  });

  it("replaces the query text of a request body by its documentId, and leaves unknown operations alone", () => {
    const body = JSON.stringify({ operationName: "ScoTraversal", query: "query ScoTraversal { __typename }", variables: { acronym: "SCO" } });
    const hash = (ScoTraversalDocument as unknown as { __meta__: { hash: string } }).__meta__.hash;
    expect(JSON.parse(persistedBody(body))).toEqual({ documentId: hash, operationName: "ScoTraversal", variables: { acronym: "SCO" } });
    const other = JSON.stringify({ operationName: "Mine", query: "query Mine { __typename }" });
    expect(persistedBody(other)).toBe(other);
    // Every explorer page's operation is persisted.
    for (const name of ["ExplorerOverview", "ExplorerOrganisation", "ExplorerCountry", "ExplorerSummit", "ExplorerSummitStatements", "ExplorerPerson", "ExplorerEngagement", "ExplorerIncident", "ExplorerSearch"]) {
      expect(documentIds.has(name), name).toBe(true);
    }
  });
});

describe("the explorer's operations on the seed data", () => {
  it("organisation page: asOf narrows the memberships to those in effect", async () => {
    const all = await run(yoga, ExplorerOrganisationDocument, { acronym: "SCO", asOf: null });
    const in2017 = await run(yoga, ExplorerOrganisationDocument, { acronym: "SCO", asOf: "2017" });
    expect(all.errors).toBeUndefined();
    const rows = (r: typeof all) => r.data!.organisation!.memberships.edges.map((e) => `${e.node.country.code}:${e.node.status}:${e.certainty ?? "-"}`);
    expect(rows(all)).toContain("BY:MEMBER:-");
    expect(rows(all)).toContain("BY:DIALOGUE_PARTNER:-");
    expect(rows(in2017)).not.toContain("BY:MEMBER:-");
    expect(rows(in2017)).toContain("BY:OBSERVER:CERTAIN");
    expect(rows(in2017)).not.toContain("IR:MEMBER:CERTAIN");
    expect(rows(in2017)).toContain("IN:MEMBER:POSSIBLE"); // joined 2017-06-09: not every day of 2017
    expect(all.data!.organisation!.series.map((s) => s.slug)).toEqual(expect.arrayContaining(["sco-defence-ministers-meeting", "sco-security-council-secretaries-meeting"]));
  });

  it("country page: counterparts by status, a timeline of summits, engagements and incidents", async () => {
    const r = await run(yoga, ExplorerCountryDocument, { code: "IN", countries: ["IN"], asOf: null });
    expect(r.errors).toBeUndefined();
    const groups = r.data!.counterparts.groups.filter((g) => g.country!.code !== "IN").map((g) => `${g.country!.code}:${g.status}:${g.count}`);
    expect(groups.sort()).toEqual(["CN:HELD:3", "PK:HELD:1", "PK:SPECULATED:1", "RU:HELD:1"]);
    const kinds = new Set(r.data!.timeline.edges.map((e) => e.node.__typename));
    expect([...kinds].sort()).toEqual(["Engagement", "Incident", "Summit"]); // no statement by India in the seed
  });

  it("incident(slug:) finds an incident, null for an unknown slug, and wants exactly one of id or slug", async () => {
    const r = await run(yoga, ExplorerIncidentDocument, { slug: "india-pakistan-standoff-2025-05" });
    expect(r.data!.incident!.parties.map((p) => p.code).sort()).toEqual(["IN", "PK"]);
    expect(r.data!.incident!.citations.length).toBeGreaterThan(0);
    expect((await run(yoga, ExplorerIncidentDocument, { slug: "no-such-incident" })).data).toEqual({ incident: null });
    const both = await execute(yoga, '{ incident(slug: "x", id: "SW5jaWRlbnQ6MQ==") { name } }');
    expect(both.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("partial dates as the pages show them", () => {
  it("shows what is known and nothing more", () => {
    expect(formatPartialDate("2018")).toBe("2018");
    expect(formatPartialDate("2025-06")).toBe("June 2025");
    expect(formatPartialDate("2025-06-26")).toBe("26 June 2025");
    expect(formatRange("2025-06-25", "2025-06-26")).toBe("25–26 June 2025");
    expect(formatRange("2010", "2015")).toBe("2010 – 2015");
    expect(formatRange("2017-06-09", null)).toBe("since 9 June 2017");
    expect(formatRange(null, null)).toBe("dates unknown");
    expect(isPartialDate("2024-02-29")).toBe(true);
    expect(isPartialDate("2023-02-29")).toBe(false);
    expect(isPartialDate("2023-13")).toBe(false);
    expect(isPartialDate("17")).toBe(false);
  });
});
