// Screenshots of every explorer page for the README (docs/explorer-*.png), from a running service:
//   npm start   (in another terminal)
//   npx tsx scripts/screenshots.ts [http://127.0.0.1:4000]
import { mkdirSync } from "node:fs";
import { launchChromium } from "../test/helpers/browser.ts";

const base = process.argv[2] ?? "http://127.0.0.1:4000";
export const pages: [name: string, path: string, ready: string][] = [
  ["overview", "/", "Newest engagements"],
  ["organisation", "/organisations/SCO", "Membership over time"],
  ["organisation-asof-2017", "/organisations/SCO?asOf=2017", "Membership over time"],
  ["country", "/countries/IN", "Counterparts"],
  ["summit", "/summits/sco-dmm-2025-qingdao", "On the sidelines"],
  ["person", "/people/rajnath-singh", "Offices held"],
  ["engagement", "/engagements/qingdao-2025-india-pakistan-informal", "Status history"],
  ["incident", "/incidents/india-pakistan-standoff-2025-05", "Names"],
  ["search", "/search?q=Qingdao", "result"],
];

mkdirSync("docs", { recursive: true });
const browser = await launchChromium();
try {
  for (const [width, suffix] of [[1200, ""], [375, "-phone"]] as const) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    for (const [name, path, ready] of pages) {
      if (suffix && !["overview", "country", "summit"].includes(name)) continue;
      await page.goto(base + path);
      await page.getByText(ready).first().waitFor();
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: `docs/explorer-${name}${suffix}.png`, fullPage: true });
      console.log(`docs/explorer-${name}${suffix}.png`);
    }
    await page.close();
  }
} finally {
  await browser.close();
}
