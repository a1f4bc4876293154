// The explorer in a real browser (Debian's Chromium through playwright-core) against this file's
// copy of the seeded test database: every page renders its facts with their sources, search,
// navigation, the asOf control, accessibility, a phone's width, and no request leaving the host.
import { readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server as HttpServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// A real browser over a real server: on a loaded 2-core CI machine a page can take well over the
// default 30 s to render, which is slowness, not a failure of what these tests check.
vi.setConfig({ testTimeout: 120_000 });
import { buildExplorerIfStale } from "../scripts/build-web.mjs";
import { disconnectDb } from "../src/db.ts";
import { createServer } from "../src/yoga.ts";
import { launchChromium } from "./helpers/browser.ts";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let yoga: ReturnType<typeof createServer>;
let http: HttpServer;
let base: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let offHost: string[];
let problems: string[];

beforeAll(async () => {
  await buildExplorerIfStale({ log: () => {} });
  yoga = createServer();
  http = createHttpServer(yoga);
  await new Promise<void>((done) => http.listen(0, "127.0.0.1", done));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  http?.closeAllConnections();
  await new Promise((done) => http?.close(done));
  await yoga?.dispose();
  await disconnectDb();
});

beforeEach(async () => {
  offHost = [];
  problems = [];
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  // Every request the pages make: anything not to this server is recorded and refused.
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.origin === base) return route.continue();
    offHost.push(url.href);
    return route.abort();
  });
  page = await context.newPage();
  page.setDefaultTimeout(90_000);
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
});

afterEach(async () => {
  await context.close();
  // No request left the host, and no page logged an error (a CSP violation would).
  expect(offHost).toEqual([]);
  expect(problems).toEqual([]);
});

async function open(path: string, ready: string) {
  await page.goto(base + path);
  await page.getByRole("heading", { level: 1, name: ready }).waitFor();
  await page.waitForLoadState("networkidle");
}

const texts = (selector: string) => page.locator(selector).allInnerTexts();

/**
 * Every fact on the page names at least one source, and every source with a web address is a
 * link to it (a report recorded under a URN has none: it is named, marked, and not a link).
 */
async function everyFactLinksASource() {
  const facts = page.locator("li.fact, tbody tr");
  const count = await facts.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const fact = facts.nth(i);
    const sources = await fact.locator(".sources li").evaluateAll((lis) =>
      lis.map((li) => {
        const a = li.querySelector("a");
        return a ? `link ${a.getAttribute("href")}` : `unlinked ${li.querySelector(".source-unlinked")?.getAttribute("title")}`;
      }),
    );
    expect(sources.length, await fact.innerText()).toBeGreaterThan(0);
    for (const s of sources) expect(s).toMatch(/^(link https?:\/\/\S+|unlinked urn:\S+)$/);
  }
}

const chartRows = () =>
  page.locator("[data-testid=membership-chart] .chart-row").evaluateAll((rows) =>
    rows.map((r) => `${r.getAttribute("data-country")}:${[...r.querySelectorAll("[data-status]")].map((s) => s.getAttribute("data-status")).join("+")}`),
  );

describe("the pages render their facts", () => {
  it("overview: organisations, the newest engagements and statements, a search box", async () => {
    await open("/", "Summitry explorer");
    expect(await page.title()).toBe("Summitry explorer · Summitry explorer");
    await expect(page.getByRole("link", { name: "Shanghai Cooperation Organisation (SCO)" }).getAttribute("href")).resolves.toBe("/organisations/SCO");
    const engagements = await texts("#engagements ~ ul li.fact h3");
    expect(engagements).toHaveLength(6);
    expect(engagements).toEqual(expect.arrayContaining(["Dong Jun receives Rajnath Singh", "Possible India-Pakistan encounter at Qingdao", "Peace Mission 2018 joint military exercise"]));
    expect(await page.locator("#statements ~ ul li.fact").count()).toBe(3);
    await expect(page.getByRole("searchbox")).toBeDefined();
    await everyFactLinksASource();
  });

  it("organisation: name, seat, the membership chart and table with sources, summits by series", async () => {
    await open("/organisations/SCO", "Shanghai Cooperation Organisation (SCO)");
    const facts = await page.locator("dl.facts-list").innerText();
    expect(facts).toContain("Founded\n15 June 2001");
    expect(facts).toContain("Beijing, China (since 15 January 2004)");
    const rows = await chartRows();
    expect(rows[0]).toBe("CN:MEMBER");
    expect(rows).toContain("BY:DIALOGUE_PARTNER+OBSERVER+MEMBER");
    expect(rows).toContain("IR:MEMBER");
    expect(rows).toHaveLength(20);
    expect(await page.locator("table caption").first().innerText()).toBe("22 memberships");
    // Partial dates as known: Belarus was a dialogue partner from 2010 to 2015 (years only).
    const belarus = await page.locator("tbody tr", { hasText: "dialogue partner" }).filter({ hasText: "Belarus" }).innerText();
    expect(belarus).toContain("2010 – 2015");
    expect(belarus).not.toContain("1 January");
    const series = await texts("#summits ~ section h3");
    expect(series).toEqual(["SCO Defence Ministers' Meeting (8)", "SCO Meeting of Security Council Secretaries (1)"]);
    await everyFactLinksASource();
  });

  it("country: memberships, office-holders, counterpart graph linking each counterpart, timeline", async () => {
    await open("/countries/IN", "India");
    expect(await page.locator("#memberships ~ ul").innerText()).toContain("Shanghai Cooperation Organisation: member, since 9 June 2017");
    const offices = await page.locator("#office-holders ~ ul").innerText();
    expect(offices).toContain("Rajnath Singh, Minister of Defence");
    expect(offices).toContain("since 31 May 2019");
    const graph = page.getByTestId("counterpart-graph");
    const nodes = await graph.locator("a.node").evaluateAll((as) => as.map((a) => `${a.getAttribute("href")} ${a.querySelector("title")?.textContent}`));
    expect(nodes).toEqual(["/countries/CN China: 3 engagements", "/countries/PK Pakistan: 2 engagements", "/countries/RU Russia: 1 engagement"]);
    const edges = await graph.locator("path[data-status]").evaluateAll((ps) => ps.map((p) => `${p.getAttribute("data-status")}:${p.getAttribute("data-count")}:${p.getAttribute("stroke")}`));
    expect(edges).toEqual(["HELD:3:#1b7a3d", "HELD:1:#1b7a3d", "SPECULATED:1:#b35c00", "HELD:1:#1b7a3d"]);
    const timeline = await page.locator("ol.timeline").innerText();
    expect(timeline).toContain("India-Pakistan military standoff of May 2025");
    const speculated = page.locator("ol.timeline li", { hasText: "Possible India-Pakistan encounter at Qingdao" });
    expect(await speculated.locator("time").innerText()).toBe("June 2025");
    expect(await speculated.locator("time").getAttribute("datetime")).toBe("2025-06");
    expect(await speculated.locator(".status").innerText()).toBe("Speculated — not confirmed");
    await everyFactLinksASource();
  });

  it("summit: dates, host, attendance with role and mode, sideline engagements (speculated visibly not held), statements", async () => {
    await open("/summits/sco-dmm-2025-qingdao", "SCO Defence Ministers' Meeting 2025");
    const facts = await page.locator("dl.facts-list").innerText();
    expect(facts).toContain("25–26 June 2025");
    expect(facts).toContain("Qingdao, Shandong, China; hosted by Dong Jun");
    const attendance = await page.locator("#attendance ~ div tbody tr").evaluateAll((rows) => rows.map((r) => [...r.children].slice(0, 4).map((c) => (c as HTMLElement).innerText.split("\n")[0]).join(" | ")));
    expect(attendance).toEqual(
      expect.arrayContaining(["China | Dong Jun | host | in person", "India | Rajnath Singh | delegate | in person", "Russia | not named | delegate | in person"]),
    );
    expect(attendance).toHaveLength(7);
    const speculated = page.locator("#engagements ~ ul li.fact[data-status=SPECULATED]");
    expect(await speculated.locator(".status").innerText()).toBe("Speculated — not confirmed");
    expect(await speculated.locator(".status-held").count()).toBe(0);
    expect(await speculated.evaluate((el) => getComputedStyle(el).borderStyle)).toBe("dashed");
    const held = page.locator("#engagements ~ ul li.fact[data-status=HELD]");
    expect(await held.count()).toBe(2);
    expect(await held.first().locator(".status").innerText()).toBe("Held");
    await page.locator("#statements ~ ul li.fact").first().waitFor();
    expect(await page.locator("#statements ~ ul").innerText()).toContain("China called for fairness in international affairs");
    await everyFactLinksASource();
  });

  it("person, engagement and incident pages: the facts, status history and sources", async () => {
    await open("/people/rajnath-singh", "Rajnath Singh");
    expect(await page.locator("#tenures ~ ul").innerText()).toContain("Minister of Defence (defence, India), since 31 May 2019");
    expect(await texts("#engagements ~ ul li.fact a[href^='/engagements/']")).toEqual([
      "Dong Jun receives Rajnath Singh",
      "Possible India-Pakistan encounter at Qingdao",
      "Rajnath Singh and Wei Fenghe bilateral meeting",
    ]);
    await everyFactLinksASource();

    await open("/engagements/qingdao-2025-india-pakistan-informal", "Possible India-Pakistan encounter at Qingdao");
    expect(await page.locator(".status-line").innerText()).toContain("Speculated — not confirmed");
    expect(await page.locator("dl.facts-list").innerText()).toContain("When\nJune 2025");
    expect(await page.locator("#participants ~ ul").innerText()).toContain("India: Rajnath Singh (participant)");
    // Its one source is a report with no public address: named, marked, not a link.
    expect(await texts("#sources ~ ul li")).toEqual([
      "PEN: SCO defence ministers meet in Qingdao: Pakistan and India both attend (news report from Islamabad) [no public link] (June 2025)",
    ]);
    expect(await page.locator("#sources ~ ul a").count()).toBe(0);
    const history = await texts("#status-history ~ ol li p:first-child");
    expect(history).toHaveLength(1);
    expect(history[0]).toMatch(/^recorded as → Speculated — not confirmed on \d{4}-\d{2}-\d{2} by seed$/);

    await open("/incidents/india-pakistan-standoff-2025-05", "India-Pakistan military standoff of May 2025");
    const incident = await page.locator("dl.facts-list").innerText();
    expect(incident).toContain("Parties\nIndia and Pakistan");
    expect(await texts("#names ~ ul li")).toEqual(["“Marka-e-Haq” used by Pakistan"]);
    expect(await texts("#sources ~ ul li")).toEqual([
      "PEN: SCO defence ministers meet in Qingdao: Pakistan and India both attend (news report from Islamabad) [no public link] (June 2025)",
    ]);
  });

  it("an unknown slug or path says not found", async () => {
    await open("/summits/no-such-summit", "Not found");
    expect(await page.locator("article").innerText()).toContain("No summit has the slug no-such-summit.");
    const response = await page.goto(`${base}/no/such/page`);
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
    // Chromium logs the 404 of the document itself; nothing else.
    expect(problems).toEqual(["error: Failed to load resource: the server responded with a status of 404 (Not Found)"]);
    problems = [];
  });
});

describe("using the explorer", () => {
  it("search finds the Qingdao meeting", async () => {
    await open("/", "Summitry explorer");
    await page.getByRole("searchbox").fill("Qingdao");
    await page.getByRole("button", { name: "Search" }).click();
    await page.getByRole("heading", { level: 1, name: "Search: Qingdao" }).waitFor();
    expect(new URL(page.url()).search).toBe("?q=Qingdao");
    await page.locator("ol.results li.fact").first().waitFor();
    const results = await page.locator("ol.results li.fact").evaluateAll((lis) => lis.map((li) => `${li.querySelector(".type")?.textContent}: ${li.querySelector("a")?.textContent}`));
    // The summit the city names ranks first; then the meetings held there, newest first.
    expect(results.slice(0, 3)).toEqual([
      "Summit: SCO Defence Ministers' Meeting 2025",
      "Engagement: Dong Jun receives Rajnath Singh",
      "Engagement: Dong Jun and Khawaja Asif bilateral meeting",
    ]);
    expect(results).toContain("Engagement: Possible India-Pakistan encounter at Qingdao");
    expect(await page.getByRole("status").innerText()).toBe("7 results, best match first.");
    expect(await page.locator("ol.results li.fact", { hasText: "Possible India-Pakistan" }).locator(".status").innerText()).toBe("Speculated — not confirmed");
    await page.getByRole("link", { name: "SCO Defence Ministers' Meeting 2025" }).first().click();
    await page.getByRole("heading", { level: 1, name: "SCO Defence Ministers' Meeting 2025" }).waitFor();
  });

  it("navigates SCO -> India -> the Qingdao summit, and back", async () => {
    await open("/organisations/SCO", "Shanghai Cooperation Organisation (SCO)");
    await page.locator("tbody").getByRole("link", { name: "India", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "India" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/countries/IN");
    await page.locator("ol.timeline").getByRole("link", { name: "SCO Defence Ministers' Meeting 2025" }).click();
    await page.getByRole("heading", { level: 1, name: "SCO Defence Ministers' Meeting 2025" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/summits/sco-dmm-2025-qingdao");
    await page.goBack();
    await page.getByRole("heading", { level: 1, name: "India" }).waitFor();
  });

  it("the asOf control changes the membership chart (and the country page's offices)", async () => {
    await open("/organisations/SCO", "Shanghai Cooperation Organisation (SCO)");
    const before = await chartRows();
    await page.getByRole("textbox", { name: "As of" }).fill("2017");
    await page.getByRole("button", { name: "Show" }).click();
    await page.locator("table caption", { hasText: "in effect in 2017" }).waitFor();
    expect(new URL(page.url()).search).toBe("?asOf=2017");
    const after = await chartRows();
    expect(after).not.toEqual(before);
    expect(after).toContain("BY:OBSERVER");
    expect(after).not.toContain("IR:MEMBER");
    expect(after.find((r) => r.startsWith("IN:"))).toBe("IN:MEMBER");
    expect(await page.locator("tbody tr", { has: page.locator("th", { hasText: /^India$/ }) }).innerText()).toContain("possibly");
    expect(await page.locator("[data-testid=membership-chart] .asof-marker").count()).toBe(1);
    // A malformed date is refused in the form, not sent.
    await page.getByRole("textbox", { name: "As of" }).fill("June 2017");
    await page.getByRole("button", { name: "Show" }).click();
    await page.getByText("Use a year (2017)").waitFor();
    expect(new URL(page.url()).search).toBe("?asOf=2017");
    await page.getByRole("button", { name: "All dates" }).click();
    await page.locator("table caption", { hasText: /^22 memberships$/ }).waitFor();
    expect(await chartRows()).toEqual(before);

    await open("/countries/IN?asOf=2018", "India");
    // Rajnath Singh took the defence portfolio in 2019; Ajit Doval is known in office only on one
    // day in 2025, so 2018 is possible, and the page says so.
    const offices2018 = await page.locator("#office-holders ~ ul").innerText();
    expect(offices2018).not.toContain("Rajnath Singh");
    expect(offices2018).toContain("Ajit Doval, National Security Adviser");
    expect(offices2018).toContain("possibly");
  });

  it("works from the keyboard: skip link, search, results, the counterpart graph's links", async () => {
    await open("/", "Summitry explorer");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");
    await page.getByRole("searchbox").focus();
    await page.keyboard.type("Qingdao");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Search: Qingdao" }).waitFor();
    // Focus moved to the new page's heading.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");

    await open("/countries/IN", "India");
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press("Tab");
      if ((await page.evaluate(() => document.activeElement?.querySelector("title")?.textContent)) === "Pakistan: 2 engagements") break;
    }
    expect(await page.evaluate(() => document.activeElement?.querySelector("title")?.textContent)).toBe("Pakistan: 2 engagements");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Pakistan" }).waitFor();
  });
});

describe("accessibility and small screens", () => {
  const paths: [string, string][] = [
    ["/", "Summitry explorer"],
    ["/organisations/SCO", "Shanghai Cooperation Organisation (SCO)"],
    ["/countries/IN", "India"],
    ["/summits/sco-dmm-2025-qingdao", "SCO Defence Ministers' Meeting 2025"],
    ["/people/rajnath-singh", "Rajnath Singh"],
    ["/engagements/qingdao-2025-india-pakistan-informal", "Possible India-Pakistan encounter at Qingdao"],
    ["/incidents/india-pakistan-standoff-2025-05", "India-Pakistan military standoff of May 2025"],
    ["/search?q=Qingdao", "Search: Qingdao"],
  ];

  it("has no serious or critical axe-core violations on any page (WCAG 2 A/AA)", async () => {
    const found: string[] = [];
    for (const [path, heading] of paths) {
      await open(path, heading);
      await page.evaluate(axeSource);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
        const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
      });
      for (const v of violations) if (v.impact === "serious" || v.impact === "critical") found.push(`${path}: ${v.id} (${v.impact}) ${v.targets.join(", ")}`);
    }
    expect(found).toEqual([]);
  }, 180_000);

  it("fits a 375px-wide phone screen without horizontal scrolling", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    const wide: string[] = [];
    for (const [path, heading] of paths) {
      await open(path, heading);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 375) wide.push(`${path}: ${width}px`);
    }
    expect(wide).toEqual([]);
  }, 120_000);
});
