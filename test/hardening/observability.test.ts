// /health, /ready, /metrics, request ids and JSON logs, and masking of unexpected errors.
import { createSchema, createYoga } from "graphql-yoga";
import { Registry } from "prom-client";
import { afterAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../../src/db.ts";
import { createLogger } from "../../src/observability/logger.ts";
import { useOperationalRoutes } from "../../src/http/routes.ts";
import { createServer } from "../../src/yoga.ts";
import { withClient } from "../helpers/db.ts";
import { execute } from "../helpers/graphql.ts";

afterAll(() => disconnectDb());

/** A pino logger whose JSON lines land in an array. */
function capturingLogger() {
  const lines: Record<string, any>[] = [];
  const logger = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { logger, lines };
}

describe("health and readiness", () => {
  const yoga = createServer();
  afterAll(() => yoga.dispose());

  it("answers /health with 200 while the process runs", async () => {
    const response = await yoga.fetch("http://summitry.test/health");
    expect(response.status).toBe(200);
  });

  it("answers /ready with 200 when the database answers and every migration is applied", async () => {
    const response = await yoga.fetch("http://summitry.test/ready");
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 200,
      body: { status: "ready", checks: { database: "ok", migrations: "ok" } },
    });
  });

  it("answers /ready with 503 naming the migration the database lacks", async () => {
    await withClient(process.env.DATABASE_URL!, async (client) => {
      const { rows } = await client.query(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`);
      const latest = rows[0];
      await client.query(`DELETE FROM "_prisma_migrations" WHERE id = $1`, [latest.id]);
      try {
        const response = await yoga.fetch("http://summitry.test/ready");
        expect({ status: response.status, body: await response.json() }).toEqual({
          status: 503,
          body: { status: "not ready", checks: { database: "ok", migrations: "pending" }, pending: [latest.migration_name] },
        });
      } finally {
        const columns = Object.keys(latest);
        await client.query(
          `INSERT INTO "_prisma_migrations" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(", ")})`,
          columns.map((c) => latest[c]),
        );
      }
    });
    expect((await yoga.fetch("http://summitry.test/ready")).status).toBe(200);
  });
});

describe("what the operational routes reveal", () => {
  const plain = createSchema({ typeDefs: "type Query { ok: Boolean }" });

  it("answers /ready 503 without the database's address, which goes to the log", async () => {
    const { logger, lines } = capturingLogger();
    const yoga = createYoga({
      schema: plain,
      plugins: [
        useOperationalRoutes({
          registry: new Registry(),
          logger,
          check: async () => ({ ready: false, checks: { database: "unreachable", migrations: "unreachable" }, error: "Can't reach database server at 10.20.30.40:5432" }),
        }),
      ],
    });
    const response = await yoga.fetch("http://summitry.test/ready");
    const text = await response.text();
    expect({ status: response.status, body: JSON.parse(text) }).toEqual({
      status: 503,
      body: { status: "not ready", checks: { database: "unreachable", migrations: "unreachable" } },
    });
    expect(text).not.toContain("10.20.30.40");
    expect(lines.map((l) => [l.msg, l.error])).toEqual([["not ready", "Can't reach database server at 10.20.30.40:5432"]]);
  });

  it("serves /metrics only with the bearer token when METRICS_TOKEN is set", async () => {
    const yoga = createServer({ config: { metricsToken: "s3cret-token" } });
    const bare = await yoga.fetch("http://summitry.test/metrics");
    expect({ status: bare.status, auth: bare.headers.get("www-authenticate"), body: await bare.text() }).toEqual({
      status: 401,
      auth: 'Bearer realm="metrics"',
      body: "metrics need Authorization: Bearer <METRICS_TOKEN>\n",
    });
    expect((await yoga.fetch("http://summitry.test/metrics", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    const allowed = await yoga.fetch("http://summitry.test/metrics", { headers: { authorization: "Bearer s3cret-token" } });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain("summitry_http_requests_total");
    await yoga.dispose();
  });
});

describe("metrics", () => {
  it("counts requests by route and status, errors by code, operations by type, and shows the database pool", async () => {
    const yoga = createServer();
    await execute(yoga, `{ countries(first: 1) { totalCount } }`);
    await execute(yoga, `{ nope }`);
    await execute(yoga, `{ countries(first: 1000) { totalCount } }`);
    const response = await yoga.fetch("http://summitry.test/metrics");
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const samples = (await response.text()).split("\n").filter((line) => line.startsWith("summitry_") && !line.includes("_bucket"));
    expect(samples).toEqual(
      expect.arrayContaining([
        'summitry_http_requests_total{method="POST",route="/graphql",status="200"} 2',
        'summitry_http_requests_total{method="POST",route="/graphql",status="400"} 1',
        'summitry_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1',
        'summitry_graphql_errors_total{code="PAGE_SIZE_EXCEEDED"} 1',
        'summitry_graphql_operations_total{type="query"} 2',
        'summitry_http_request_duration_seconds_count{route="/graphql"} 3',
        "summitry_db_pool_max_connections 10",
      ]),
    );
    expect(samples.find((line) => line.startsWith("summitry_db_pool_connections "))).toMatch(/^summitry_db_pool_connections [1-9]\d*$/);
    await yoga.dispose();
  });
});

describe("request ids and logs", () => {
  it("returns the caller's x-request-id and puts it on the request's log line", async () => {
    const { logger, lines } = capturingLogger();
    const yoga = createServer({ logger });
    const response = await yoga.fetch("http://summitry.test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "lb-7f3a" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(response.headers.get("x-request-id")).toBe("lb-7f3a");
    expect(lines).toEqual([
      {
        level: 30,
        time: expect.any(String),
        service: "summitry",
        requestId: "lb-7f3a",
        method: "POST",
        path: "/graphql",
        status: 200,
        durationMs: expect.any(Number),
        msg: "request",
      },
    ]);
  });

  it("makes up a request id when the caller sends none (or an unusable one)", async () => {
    const { logger, lines } = capturingLogger();
    const yoga = createServer({ logger });
    const response = await yoga.fetch("http://summitry.test/graphql?query=%7B__typename%7D", {
      headers: { "x-graphql-yoga-csrf": "1", "x-request-id": "not a sane id\u0000" },
    });
    const id = response.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(lines.map((l) => l.requestId)).toEqual([id]);
  });

  it("masks an unexpected error for the client and logs it in full, stack included, with the request id", async () => {
    const { logger, lines } = capturingLogger();
    const schema = createSchema({
      typeDefs: `type Query { report: String }`,
      resolvers: {
        Query: {
          report: () => {
            throw new Error("disk full writing /var/lib/reports (secret path)");
          },
        },
      },
    });
    const yoga = createServer({ logger, schema });
    const result = await execute(yoga, `{ report }`, undefined, { "x-request-id": "req-42" });
    expect(result).toEqual({
      status: 200,
      data: { report: null },
      errors: [
        {
          message: "Unexpected error.",
          locations: [{ line: 1, column: 3 }],
          path: ["report"],
          extensions: { code: "INTERNAL_SERVER_ERROR" },
        },
      ],
    });
    const logged = lines.find((l) => l.level === 50);
    expect(logged).toMatchObject({
      requestId: "req-42",
      msg: "disk full writing /var/lib/reports (secret path)",
      originalError: { type: "Error", message: "disk full writing /var/lib/reports (secret path)" },
    });
    expect(logged?.originalError.stack).toContain("observability.test.ts");
  });
});
