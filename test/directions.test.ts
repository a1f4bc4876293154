// The rest of the directions analysts think in (issue 11, part 2): when two people last met,
// absence as a recorded fact, one meaning of `countries` on every list, date ranges that overlap,
// and a timeline that pages backwards. Whole answers on the seed data, through yoga.fetch.
import { afterAll, describe, expect, it } from "vitest";
import { LastContactBetweenPeopleDocument } from "../client/generated/graphql.ts";
import { disconnectDb } from "../src/db.ts";
import { createServer } from "../src/yoga.ts";
import { execute, run } from "./helpers/graphql.ts";

const yoga = createServer();
afterAll(() => disconnectDb());

describe("lastContact between two people", () => {
  it("Rajnath Singh and Khawaja Asif last met at Qingdao; the speculated encounter and a virtual attendance do not count", async () => {
    const latest = await run(yoga, LastContactBetweenPeopleDocument, { people: ["khawaja-muhammad-asif", "rajnath-singh"] });
    expect(latest.errors).toBeUndefined();
    expect(latest.data).toEqual({
      lastContact: {
        kind: "SAME_SUMMIT",
        date: "2025-06-25",
        place: "Qingdao",
        engagement: null,
        summit: { slug: "sco-dmm-2025-qingdao", name: "SCO Defence Ministers' Meeting 2025" },
        // Only the two men's attendance rows are the evidence (Rajnath Singh's has two sources).
        sources: [
          { publisher: "PEN", url: "urn:summitry:seed:000_10a016cd793c5963" },
          expect.objectContaining({ publisher: "NDTV" }),
        ],
      },
    });
    // Before Qingdao: the "2025-06" encounter is only SPECULATED, and at New Delhi 2023 Asif took
    // part virtually, so as far as the data shows they had never met.
    const before = await run(yoga, LastContactBetweenPeopleDocument, { people: ["rajnath-singh", "khawaja-muhammad-asif"], before: "2025-06-25" });
    expect(before.data).toEqual({ lastContact: null });
  });

  it("a held meeting between the two wins over the summit they both attended that day", async () => {
    const moscow = await run(yoga, LastContactBetweenPeopleDocument, { people: ["rajnath-singh", "wei-fenghe"], portfolio: "DEFENCE" });
    expect(moscow.data?.lastContact).toEqual({
      kind: "BILATERAL_MEETING",
      date: "2020-09-04",
      place: "Moscow",
      engagement: { slug: "moscow-2020-rajnath-singh-wei-fenghe", title: "Rajnath Singh and Wei Fenghe bilateral meeting", status: "HELD" },
      summit: expect.objectContaining({ slug: "sco-dmm-2020-moscow" }),
      sources: expect.any(Array),
    });
    const call = await run(yoga, LastContactBetweenPeopleDocument, { people: ["dong-jun", "rajnath-singh"], organisation: "SCO" });
    expect([call.data?.lastContact?.kind, call.data?.lastContact?.date, call.data?.lastContact?.engagement?.slug]).toEqual([
      "COURTESY_CALL", "2025-06-25", "qingdao-2025-dong-jun-receives-rajnath-singh",
    ]);
    // Dong Jun never met Wei Fenghe as far as the data shows.
    const never = await run(yoga, LastContactBetweenPeopleDocument, { people: ["dong-jun", "wei-fenghe"] });
    expect(never.data).toEqual({ lastContact: null });
  });

  it("takes exactly two known people, and either countries or people", async () => {
    const codes = async (query: string) => (await execute(yoga, query)).errors?.map((e) => [e.message, e.extensions?.code]);
    expect(await codes(`{ lastContact(betweenPeople: ["rajnath-singh"]) { kind } }`)).toEqual([
      ["betweenPeople takes exactly two different person slugs", "BAD_USER_INPUT"],
    ]);
    expect(await codes(`{ lastContact(betweenPeople: ["rajnath-singh", "nobody-at-all"]) { kind } }`)).toEqual([
      ["Unknown person: nobody-at-all", "UNKNOWN_PERSON"],
    ]);
    expect(await codes(`{ lastContact(between: ["IN", "PK"], betweenPeople: ["rajnath-singh", "dong-jun"]) { kind } }`)).toEqual([
      ["Pass exactly one of between (two countries) or betweenPeople (two people).", "BAD_USER_INPUT"],
    ]);
    expect(await codes(`{ lastContact { kind } }`)).toEqual([
      ["Pass exactly one of between (two countries) or betweenPeople (two people).", "BAD_USER_INPUT"],
    ]);
  });
});
