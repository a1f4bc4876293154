// What browser clients send on other origins: the preflight (OPTIONS) a browser makes before a
// request with extra headers, and the CSRF rule for requests a browser sends without one.
import { afterAll, describe, expect, it } from "vitest";
import { loadHardeningConfig } from "../../src/config.ts";
import { disconnectDb } from "../../src/db.ts";
import { createServer } from "../../src/yoga.ts";

const yoga = createServer();
const widened = createServer({ config: { corsAllowHeaders: loadHardeningConfig({ CORS_ALLOW_HEADERS: "X-Tenant, x-feature-flags" }).corsAllowHeaders } });
const pinned = createServer({ config: { corsOrigins: ["https://app.example"] } });
afterAll(async () => {
  await Promise.all([yoga.dispose(), widened.dispose(), pinned.dispose()]);
  await disconnectDb();
});

const url = "http://summitry.test/graphql";

/** The preflight Chromium sends, and the answer's CORS headers a browser checks. */
async function preflight(server: typeof yoga, requestHeaders: string, origin = "https://app.example") {
  const response = await server.fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": requestHeaders },
  });
  const allowed = (response.headers.get("access-control-allow-headers") ?? "").split(",").map((h) => h.trim().toLowerCase());
  return {
    status: response.status,
    origin: response.headers.get("access-control-allow-origin"),
    methods: response.headers.get("access-control-allow-methods"),
    // What the browser does: the preflight passes only if every header it asked for is allowed.
    passes: requestHeaders.split(",").every((h) => allowed.includes(h.trim().toLowerCase())),
    allowed,
  };
}

const browserClientHeaders = {
  "OpenTelemetry (W3C trace context and baggage)": "content-type,traceparent,tracestate,baggage",
  "Sentry": "content-type,sentry-trace,baggage",
  "Apollo Client (clientAwareness)": "apollographql-client-name,apollographql-client-version,content-type",
  "Apollo's CSRF headers": "apollo-require-preflight,x-apollo-operation-name",
  "GraphQL Hive client identification": "graphql-client-name,graphql-client-version",
  "an API key and a request id": "authorization,content-type,x-request-id",
  "yoga's CSRF header": "x-graphql-yoga-csrf",
};

describe("CORS preflights from browser clients", () => {
  for (const [client, headers] of Object.entries(browserClientHeaders)) {
    it(`lets a page on another origin send ${client}`, async () => {
      expect(await preflight(yoga, headers)).toMatchObject({ status: 204, origin: "https://app.example", passes: true });
    });
  }

  it("refuses a header nobody configured, and CORS_ALLOW_HEADERS adds it (case-insensitively)", async () => {
    expect(await preflight(yoga, "content-type,x-tenant")).toMatchObject({ status: 204, passes: false });
    const more = await preflight(widened, "content-type,x-tenant,x-feature-flags,traceparent");
    expect(more).toMatchObject({ status: 204, origin: "https://app.example", passes: true });
    // The setting adds to the defaults, it does not replace them.
    expect(more.allowed).toEqual(expect.arrayContaining(["authorization", "sentry-trace", "x-tenant", "x-feature-flags"]));
  });

  it("answers the preflight of an origin outside CORS_ORIGINS without allowing it", async () => {
    expect(await preflight(pinned, "traceparent")).toMatchObject({ origin: "https://app.example", passes: true });
    const evil = await preflight(pinned, "traceparent", "https://evil.example");
    expect(evil.origin).not.toBe("https://evil.example");
  });
});

describe("CSRF: what each client sends on a request a browser would not preflight", () => {
  const get = (headers: Record<string, string>) =>
    yoga.fetch(`${url}?query=${encodeURIComponent("{ country(code: \"IN\") { name } }")}`, { headers: { accept: "application/json", ...headers } });
  const ok = { status: 200, body: { data: { country: { name: "India" } } } };
  const refused = {
    status: 403,
    body: { errors: [{ message: "Required CSRF header(s) not present", extensions: { code: "CSRF_HEADER_REQUIRED" } }] },
  };
  const answer = async (response: Response) => ({ status: response.status, body: await response.json() });

  it("refuses a bare GET, as a cross-site <img> or link would send it", async () => {
    expect(await answer(await get({}))).toEqual(refused);
    // Headers a browser may add to a simple request prove nothing.
    expect(await answer(await get({ "accept-language": "en", "content-language": "en" }))).toEqual(refused);
  });

  it("accepts a GET with yoga's header (urql's and graphql-request's GETs, configured as in the README)", async () => {
    expect(await answer(await get({ "x-graphql-yoga-csrf": "1" }))).toEqual(ok);
  });

  it("accepts Apollo's apollo-require-preflight and x-apollo-operation-name in its place", async () => {
    expect(await answer(await get({ "apollo-require-preflight": "true" }))).toEqual(ok);
    expect(await answer(await get({ "x-apollo-operation-name": "Country" }))).toEqual(ok);
  });

  it("accepts a POST with a JSON content type and refuses a form or text/plain POST without a header", async () => {
    const post = (contentType: string, headers: Record<string, string> = {}) =>
      yoga.fetch(url, {
        method: "POST",
        headers: { "content-type": contentType, accept: "application/json", ...headers },
        body: JSON.stringify({ query: '{ country(code: "IN") { name } }' }),
      });
    expect(await answer(await post("application/json"))).toEqual(ok);
    expect(await answer(await post("application/json; charset=utf-8"))).toEqual(ok);
    expect(await answer(await post("text/plain"))).toEqual(refused);
    expect((await post("application/x-www-form-urlencoded")).status).toBe(403);
    expect((await post("text/plain", { "apollo-require-preflight": "true" })).status).not.toBe(403);
  });
});
