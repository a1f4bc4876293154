// GraphiQL works offline: its page carries its own code (no CDN), opens one tab per analyst
// question, and in a real browser renders the editor without a single request leaving the host.
// The browser is Debian's Chromium (scripts/chromium.sh installs it; .ci/run does).
import { existsSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { parse } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { disconnectDb } from "../src/db.ts";
import { graphiqlTabs } from "../src/graphiql.ts";
import { createServer } from "../src/yoga.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TAB_NAMES = [
  "ScoTraversal",
  "MemberStatesOnADay",
  "DefenceMinisterOnADay",
  "PresumedNotCertain",
  "SecretaryGeneralOnADay",
  "WhatOneReportSupports",
  "PersonAttendance",
  "WhoWasMissing",
  "LastDefenceContact",
  "WhenTwoPeopleLastMet",
  "SpeculatedAtQingdao",
  "PakistanTimeline",
  "OnTheSecondDay",
  "SearchQingdao",
  "WhatWeKnewThen",
  "SearchOtherNames",
  "EngagementsPerYear",
];

const yoga = createServer();
afterAll(() => disconnectDb());

describe("GraphiQL page", () => {
  it("has one tab per analyst question, each a single named operation", () => {
    const names = graphiqlTabs.map((tab) => {
      const operations = parse(tab).definitions.filter((d) => d.kind === "OperationDefinition");
      expect(operations).toHaveLength(1);
      return operations[0]!.name?.value;
    });
    expect(names).toEqual(TAB_NAMES);
    // Each tab keeps the comment that explains its question.
    for (const tab of graphiqlTabs) expect(tab.trimStart().startsWith("#")).toBe(true);
  });

  it("serves GraphiQL's code in the page itself: no script, style or worker from another host", async () => {
    const response = await yoga.fetch("http://localhost/graphql", { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<title>Summitry</title>");
    expect(html).toContain("renderYogaGraphiQL");
    expect(html).not.toContain("unpkg.com");
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
    for (const name of TAB_NAMES) expect(html).toContain(`query ${name}`);
  });
});

describe.skipIf(!existsSync(CHROMIUM))("GraphiQL in Chromium, offline", () => {
  let server: HttpServer;
  let origin = "";
  beforeAll(async () => {
    server = createHttpServer(yoga);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("renders the editor with one tab per question, and no request leaves 127.0.0.1", async () => {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on("request", (request) => requests.push(request.url()));
      await page.goto(`${origin}/graphql`, { waitUntil: "load", timeout: 120_000 });
      const editor = page.locator(".graphiql-query-editor .monaco-editor");
      await editor.waitFor({ state: "visible", timeout: 120_000 });
      // Monaco draws spaces as no-break spaces.
      const text = async () => (await editor.locator(".view-lines").innerText()).replace(/\u00a0/g, " ");
      await expect.poll(text, { timeout: 60_000 }).toContain("query ScoTraversal");

      const tabs = await page.locator(".graphiql-tab .graphiql-tab-button").allInnerTexts();
      expect(tabs.map((t) => t.trim())).toEqual(TAB_NAMES);

      // blob: URLs are the editor's workers, made in the page from its own code.
      const remote = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith("blob:") && !url.startsWith("data:"));
      expect(remote).toEqual([]);
      expect(requests.some((url) => url.startsWith(`${origin}/graphql`))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
