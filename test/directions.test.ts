// The rest of the directions analysts think in (issue 11, part 2): when two people last met,
// absence as a recorded fact, one meaning of `countries` on every list, date ranges that overlap,
// and a timeline that pages backwards. Whole answers on the seed data, through yoga.fetch.
import { afterAll, describe, expect, it } from "vitest";
import { LastContactBetweenPeopleDocument, SummitMembersDocument, SummitsDocument } from "../client/generated/graphql.ts";
import { createApiKey } from "../src/domain/api-keys.ts";
import { db, disconnectDb } from "../src/db.ts";
import { createServer } from "../src/yoga.ts";
import { execute, run } from "./helpers/graphql.ts";

const yoga = createServer();
afterAll(() => disconnectDb());
const editorKey = async () => (await createApiKey(db(), { name: "directions editor", role: "EDITOR" })).key;

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

const slugs = (connection: { edges: { node: { slug: string } }[] }) => connection.edges.map((e) => e.node.slug);
const timelineNode = `node { __typename ... on Summit { slug } ... on Engagement { slug } ... on Incident { slug } ... on Statement { slug } }`;
const timelineSlugs = (connection: { edges: { node: { __typename: string; slug: string } }[] }) =>
  connection.edges.map((e) => `${e.node.__typename} ${e.node.slug}`);

describe("countries means the same on every list: all of them; anyCountries: at least one", () => {
  it("timeline, incidents, statements, summits and engagements agree", async () => {
    const result = await execute<any>(
      yoga,
      `{ timelineAll: timeline(countries: ["IN", "PK"], from: "2025") { totalCount edges { ${timelineNode} } }
         timelineAny: timeline(anyCountries: ["IN", "PK"], from: "2025") { totalCount }
         timelineIN: timeline(countries: ["IN"], from: "2025") { totalCount }
         timelinePK: timeline(countries: ["PK"], from: "2025") { totalCount }
         incidentsAll: incidents(filter: { countries: ["IN", "CN"] }) { totalCount }
         incidentsAny: incidents(filter: { anyCountries: ["IN", "CN"] }) { edges { node { slug } } }
         incidentsBoth: incidents(filter: { countries: ["PK", "IN"] }) { edges { node { slug } } }
         statementsAll: statements(filter: { countries: ["CN", "PK"] }) { totalCount }
         statementsAny: statements(filter: { anyCountries: ["CN", "PK"] }) { edges { node { slug } } }
         summitsAll: summits(filter: { attendedBy: ["IN", "PK"] }) { edges { node { slug } } }
         summitsAny: summits(filter: { anyAttendedBy: ["IN", "PK"], from: "2025" }) { edges { node { slug } } }
         engagementsAll: engagements(filter: { countries: ["IN", "PK"], from: "2025" }) { edges { node { slug } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const d = result.data;
    // Both involved: the two summits both attended, the speculated encounter, the standoff; no
    // statement speaks for both countries.
    expect(timelineSlugs(d.timelineAll)).toEqual([
      "Summit sco-dmm-2025-qingdao",
      "Summit sco-nsa-2025-beijing",
      "Engagement qingdao-2025-india-pakistan-informal",
      "Incident india-pakistan-standoff-2025-05",
    ]);
    expect(d.timelineAll.totalCount).toBe(4);
    expect(d.timelineAny.totalCount).toBe(d.timelineIN.totalCount + d.timelinePK.totalCount - d.timelineAll.totalCount);
    expect(d.incidentsAll.totalCount).toBe(0);
    expect(slugs(d.incidentsAny)).toEqual(["india-pakistan-standoff-2025-05"]);
    expect(slugs(d.incidentsBoth)).toEqual(["india-pakistan-standoff-2025-05"]);
    expect(d.statementsAll.totalCount).toBe(0);
    expect(slugs(d.statementsAny)).toEqual([
      "china-qingdao-regional-security-2025", "pakistan-nsa-regional-stabiliser-2025", "wang-xiaohong-five-point-plan-2025",
    ]);
    expect(slugs(d.summitsAll)).toEqual(["sco-dmm-2025-qingdao", "sco-nsa-2025-beijing", "sco-dmm-2023-new-delhi"]);
    expect(slugs(d.summitsAny)).toEqual(["sco-dmm-2025-qingdao", "sco-nsa-2025-beijing"]);
    expect(slugs(d.engagementsAll)).toEqual(["qingdao-2025-india-pakistan-informal"]);
  });

  it("an unknown code in anyCountries is UNKNOWN_COUNTRY on every list", async () => {
    for (const list of [
      `timeline(anyCountries: ["IN", "ZZ"]) { totalCount }`,
      `incidents(filter: { anyCountries: ["ZZ"] }) { totalCount }`,
      `statements(filter: { anyCountries: ["ZZ"] }) { totalCount }`,
      `summits(filter: { anyAttendedBy: ["ZZ"] }) { totalCount }`,
    ]) {
      const result = await execute(yoga, `{ ${list} }`);
      expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Unknown country code: ZZ", "UNKNOWN_COUNTRY"]]);
    }
  });
});

describe("date ranges overlap: a two-day summit is on either of its days", () => {
  it("finds Qingdao (2025-06-25..26) by on, from and a month, in summits and in the timeline", async () => {
    const result = await execute<any>(
      yoga,
      `{ onSecondDay: summits(filter: { on: "2025-06-26" }) { edges { node { slug } } }
         fromSecondDay: summits(filter: { from: "2025-06-26" }) { edges { node { slug } } }
         inJune: summits(filter: { on: "2025-06" }) { edges { node { slug } } }
         toTheDayBefore: summits(filter: { from: "2025", to: "2025-06-24" }) { edges { node { slug } } }
         timelineOn: timeline(on: "2025-06-26") { edges { ${timelineNode} } }
         timelineFrom: timeline(from: "2025-06-26") { edges { ${timelineNode} } } }`,
    );
    expect(result.errors).toBeUndefined();
    const d = result.data;
    expect(slugs(d.onSecondDay)).toEqual(["sco-dmm-2025-qingdao"]);
    expect(slugs(d.fromSecondDay)).toEqual(["sco-dmm-2025-qingdao"]);
    expect(slugs(d.inJune)).toEqual(["sco-dmm-2025-qingdao", "sco-nsa-2025-beijing"]);
    expect(slugs(d.toTheDayBefore)).toEqual(["sco-nsa-2025-beijing"]);
    // Besides the summit, what dated only "2025-06" may fall on its second day.
    const onTheDay = ["Summit sco-dmm-2025-qingdao", "Statement wang-xiaohong-five-point-plan-2025", "Engagement qingdao-2025-india-pakistan-informal"];
    expect(timelineSlugs(d.timelineOn)).toEqual(onTheDay);
    expect(timelineSlugs(d.timelineFrom)).toEqual(onTheDay);
    const typed = await run(yoga, SummitsDocument, { filter: { on: "2025-06-26" } });
    expect(typed.data).toEqual({
      summits: { totalCount: 1, edges: [{ node: { slug: "sco-dmm-2025-qingdao", name: "SCO Defence Ministers' Meeting 2025", start: "2025-06-25", end: "2025-06-26", city: "Qingdao" } }] },
    });
  });

  it("on works on engagements, incidents and statements, and a partially dated source is kept by publishedFrom", async () => {
    const result = await execute<any>(
      yoga,
      `{ engagements(filter: { on: "2025-06-25" }) { edges { node { slug date } } }
         narrower: engagements(filter: { on: "2025-06", from: "2025-06-25", to: "2025-06-25", kind: [COURTESY_CALL] }) { edges { node { slug } } }
         incidents(filter: { on: "2025-05-10" }) { edges { node { slug } } }
         notInJune: incidents(filter: { on: "2025-06" }) { totalCount }
         statements(filter: { on: "2025-06-25" }) { edges { node { slug date } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.engagements.edges.map((e: any) => e.node)).toEqual([
      { slug: "qingdao-2025-dong-jun-receives-rajnath-singh", date: "2025-06-25" },
      { slug: "qingdao-2025-dong-jun-khawaja-asif", date: "2025-06-25" },
      { slug: "qingdao-2025-india-pakistan-informal", date: "2025-06" },
    ]);
    expect(slugs(result.data.narrower)).toEqual(["qingdao-2025-dong-jun-receives-rajnath-singh"]);
    expect(slugs(result.data.incidents)).toEqual(["india-pakistan-standoff-2025-05"]);
    expect(result.data.notInJune.totalCount).toBe(0);
    expect(result.data.statements.edges.map((e: any) => e.node)).toEqual([
      { slug: "china-qingdao-regional-security-2025", date: "2025-06-25" },
      { slug: "wang-xiaohong-five-point-plan-2025", date: "2025-06" },
    ]);

    // A source known only to have been published in 2025 may have been published after June.
    const created = await execute<any>(
      yoga,
      `mutation { createSource(input: { url: "https://example.org/directions-2025", title: "Directions test report", publisher: "Directions Test", published: "2025" }) { __typename } }`,
      undefined,
      { authorization: `Bearer ${await editorKey()}` },
    );
    expect(created.data).toEqual({ createSource: { __typename: "MutationCreateSourceSuccess" } });
    const sources = await execute<any>(
      yoga,
      `{ kept: sources(filter: { publisher: "Directions Test", publishedFrom: "2025-06-01" }) { edges { node { title published } } }
         gone: sources(filter: { publisher: "Directions Test", publishedFrom: "2026" }) { totalCount } }`,
    );
    expect(sources.data).toEqual({ kept: { edges: [{ node: { title: "Directions test report", published: "2025" } }] }, gone: { totalCount: 0 } });
  });
});

describe("the timeline pages backwards", () => {
  it("last/before walks Pakistan's 2025 from the oldest end and meets the forward pages", async () => {
    const Q = `query($first: Int, $after: String, $last: Int, $before: String) {
      timeline(countries: ["PK"], from: "2025", first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor ${timelineNode} } } }`;
    const forward = await execute<any>(yoga, Q, { first: 100 });
    const all = timelineSlugs(forward.data.timeline);
    expect(all).toEqual([
      "Summit sco-dmm-2025-qingdao",
      "Engagement qingdao-2025-dong-jun-khawaja-asif",
      "Summit sco-nsa-2025-beijing",
      "Statement pakistan-nsa-regional-stabiliser-2025",
      "Engagement qingdao-2025-india-pakistan-informal",
      "Incident india-pakistan-standoff-2025-05",
    ]);

    const oldest = await execute<any>(yoga, Q, { last: 2 });
    expect(timelineSlugs(oldest.data.timeline)).toEqual(all.slice(4));
    expect(oldest.data.timeline.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    expect(oldest.data.timeline.totalCount).toBe(6);

    const middle = await execute<any>(yoga, Q, { last: 2, before: oldest.data.timeline.pageInfo.startCursor });
    expect(timelineSlugs(middle.data.timeline)).toEqual(all.slice(2, 4));
    expect(middle.data.timeline.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });

    const newest = await execute<any>(yoga, Q, { last: 10, before: middle.data.timeline.pageInfo.startCursor });
    expect(timelineSlugs(newest.data.timeline)).toEqual(all.slice(0, 2));
    expect(newest.data.timeline.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    // The cursors are the forward pages' cursors: paging forward from one meets the same items.
    expect(newest.data.timeline.edges.map((e: any) => e.cursor)).toEqual(forward.data.timeline.edges.slice(0, 2).map((e: any) => e.cursor));
    const between = await execute<any>(yoga, Q, { first: 10, after: newest.data.timeline.pageInfo.endCursor, before: oldest.data.timeline.pageInfo.startCursor });
    expect(timelineSlugs(between.data.timeline)).toEqual(all.slice(2, 4));

    const both = await execute(yoga, `{ timeline(first: 1, last: 1) { totalCount } }`);
    expect(both.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Pass first or last, not both.", "BAD_USER_INPUT"]]);
    const tooMany = await execute(yoga, `{ timeline(last: 101) { totalCount } }`);
    expect(tooMany.errors?.map((e) => e.extensions?.code)).toEqual(["PAGE_SIZE_EXCEEDED"]);
  });
});

describe("absence is a recorded fact, distinct from not recorded", () => {
  const MEMBERS = `{ summit(slug: "sco-dmm-2025-qingdao") {
      attendance(first: 50) { edges { node { country { code } mode } } }
      absentMembers { country { code } membershipCertainty absence { mode note sources { publisher } } }
      unknownMembers { country { code } membershipCertainty membershipConfirmedUntil absence { mode } } } }`;
  const ADD = `mutation($summit: ID!, $input: AttendanceInput!) { addAttendance(summit: $summit, input: $input) {
      __typename ... on MutationAddAttendanceSuccess { data { country { code } mode } }
      ... on UserError { code } ... on ValidationError { fieldErrors { path message } } } }`;

  it("lists Qingdao's members with nothing recorded, then one recorded ABSENT with its source, everywhere", async () => {
    const before = (await execute<any>(yoga, MEMBERS)).data.summit;
    expect(before.absentMembers).toEqual([]);
    // Kazakhstan, Tajikistan and Uzbekistan were members (last confirmed by the report on the
    // first day, so PRESUMED for the second), and the report says nothing of their delegations.
    expect(before.unknownMembers).toEqual(
      ["KZ", "TJ", "UZ"].map((code) => ({ country: { code }, membershipCertainty: "PRESUMED", membershipConfirmedUntil: "2025-06-25", absence: null })),
    );
    const attended = before.attendance.edges.map((e: any) => e.node.country.code);
    expect([...attended].sort()).toEqual(["BY", "CN", "IN", "IR", "KG", "PK", "RU"]);

    const summit = (await execute<any>(yoga, `{ summit(slug: "sco-dmm-2025-qingdao") { id } }`)).data.summit.id;
    const auth = { authorization: `Bearer ${await editorKey()}` };
    // An absence needs its source like any fact; nothing is written without one.
    const unsourced = await execute<any>(yoga, ADD, { summit, input: { country: "KZ", role: "DELEGATE", mode: "ABSENT", sources: [] } }, auth);
    expect(unsourced.data.addAttendance.__typename).toBe("ValidationError");
    expect((await execute<any>(yoga, MEMBERS)).data.summit).toEqual(before);

    const added = await execute<any>(
      yoga,
      ADD,
      {
        summit,
        input: { country: "KZ", role: "DELEGATE", mode: "ABSENT", note: "No Kazakh delegation (test data).", sources: [{ source: "urn:summitry:seed:000_10a016cd793c5963" }] },
      },
      auth,
    );
    expect(added.data).toEqual({ addAttendance: { __typename: "MutationAddAttendanceSuccess", data: { country: { code: "KZ" }, mode: "ABSENT" } } });

    const after = (await execute<any>(yoga, MEMBERS)).data.summit;
    expect(after.absentMembers).toEqual([
      { country: { code: "KZ" }, membershipCertainty: "PRESUMED", absence: { mode: "ABSENT", note: "No Kazakh delegation (test data).", sources: [{ publisher: "PEN" }] } },
    ]);
    expect(after.unknownMembers.map((m: any) => m.country.code)).toEqual(["TJ", "UZ"]);
    const typed = await run(yoga, SummitMembersDocument, { slug: "sco-dmm-2025-qingdao" });
    expect(typed.data?.summit?.absentMembers.map((m) => [m.country.code, m.absence?.sources.map((x) => x.publisher)])).toEqual([["KZ", ["PEN"]]]);
    expect(typed.data?.summit?.unknownMembers.map((m) => m.country.name)).toEqual(["Tajikistan", "Uzbekistan"]);
    // Absent is not attending: not in the attendance list, not attendedBy, not in KZ's timeline.
    expect(after.attendance).toEqual(before.attendance);
    const elsewhere = await execute<any>(
      yoga,
      `{ summits(filter: { attendedBy: ["KZ"], on: "2025-06-25" }) { totalCount }
         timeline(countries: ["KZ"], on: "2025-06-25") { totalCount }
         lastContact(between: ["KZ", "IN"], before: "2025-06-27") { date } }`,
    );
    expect(elsewhere.data).toEqual({ summits: { totalCount: 0 }, timeline: { totalCount: 0 }, lastContact: null });
  });
});
