// A database outage: the test starts its own PostgreSQL container (SUMMITRY_PG_IMAGE), serves it,
// stops the container, and starts it again. While it is down, requests fail at once with
// DATABASE_UNAVAILABLE and /ready answers 503; once it is back, the same service instance answers
// again - the pg pool drops dead connections and opens new ones, no restart needed.
// Needs a container engine (CI has one: .ci/run); without one the test is skipped, saying why.
import { createServer as createNetServer } from "node:net";
import type { StartedPostgreSqlContainer } from "@testcontainers/postgresql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../../src/db.ts";
import { migrateDeploy } from "../../src/migrate.ts";
import { seedDatabase } from "../../src/seed.ts";
import { createServer } from "../../src/yoga.ts";
import { withClient } from "../helpers/db.ts";
import { execute } from "../helpers/graphql.ts";

const image = process.env.SUMMITRY_PG_IMAGE ?? "postgres:16-alpine";
const required = process.env.SUMMITRY_TEST_DB === "container";

/** Why this machine cannot run the test, or null when it can. */
async function unavailable(): Promise<string | null> {
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  const { getContainerRuntimeClient, ImageName } = await import("testcontainers");
  try {
    const client = await getContainerRuntimeClient();
    if (!(await client.image.exists(ImageName.fromString(image)))) return `image ${image} is not present locally`;
    return null;
  } catch (err) {
    return `no container runtime reachable (${(err as Error).message.split("\n")[0]})`;
  }
}

const reason = await unavailable();
if (reason && required) throw new Error(`SUMMITRY_TEST_DB=container but ${reason}`);
if (reason) console.warn(`[database outage] skipped: ${reason}`);

/** A free port, so the container keeps the same host port across a stop and a start. */
async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.skipIf(reason)("database outage", () => {
  let container: StartedPostgreSqlContainer;
  let docker: { stop(opts?: object): Promise<unknown>; start(): Promise<unknown> };
  let yoga: ReturnType<typeof createServer>;

  beforeAll(async () => {
    const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
    const { getContainerRuntimeClient } = await import("testcontainers");
    const port = await freePort();
    container = await new PostgreSqlContainer(image)
      .withExposedPorts({ container: 5432, host: port })
      .withCommand(["postgres", "-c", "fsync=off", "-c", "synchronous_commit=off"])
      .start();
    docker = (await getContainerRuntimeClient()).container.getById(container.getId()) as unknown as typeof docker;
    const url = container.getConnectionUri();
    await migrateDeploy(url);
    await seedDatabase(url);
    // This file's service serves the container, not the run's shared test database.
    process.env.DATABASE_URL = url;
    yoga = createServer();
  }, 180_000);

  afterAll(async () => {
    await yoga?.dispose();
    await disconnectDb();
    await container?.stop();
  });

  const query = `{ organisation(acronym: "SCO") { name memberships(first: 3) { edges { node { country { code } } } } } }`;
  const answer = {
    status: 200,
    data: {
      organisation: {
        name: "Shanghai Cooperation Organisation",
        memberships: { edges: [{ node: { country: { code: "CN" } } }, { node: { country: { code: "KZ" } } }, { node: { country: { code: "KG" } } }] },
      },
    },
  };
  const ready = async () => {
    const response = await yoga.fetch("http://summitry.test/ready");
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it("answers while PostgreSQL is up", async () => {
    expect(await execute(yoga, query)).toEqual(answer);
    expect(await ready()).toEqual({ status: 200, body: { status: "ready", checks: { database: "ok", migrations: "ok" } } });
  });

  it("fails requests with DATABASE_UNAVAILABLE and reports not ready while PostgreSQL is stopped", async () => {
    await docker.stop({ t: 1 });
    expect(await execute(yoga, query)).toEqual({
      status: 200,
      data: { organisation: null },
      errors: [
        {
          message: "The database is unavailable right now; try again shortly.",
          locations: [{ line: 1, column: 3 }],
          path: ["organisation"],
          extensions: { code: "DATABASE_UNAVAILABLE", retryable: true },
        },
      ],
    });
    expect(await ready()).toEqual({
      status: 503,
      // Nothing about where the database is: the driver's message stays in the log.
      body: { status: "not ready", checks: { database: "unreachable", migrations: "unreachable" } },
    });
  });

  it("answers again once PostgreSQL is back, without restarting the service", async () => {
    await docker.start();
    await until(() => withClient(container.getConnectionUri(), (c) => c.query("SELECT 1")), "PostgreSQL to accept connections");
    await until(async () => ((await ready()).status === 200 ? true : undefined), "/ready to say ready");
    expect(await ready()).toEqual({ status: 200, body: { status: "ready", checks: { database: "ok", migrations: "ok" } } });
    expect(await execute(yoga, query)).toEqual(answer);
  });
});
