// Writes: who may write, validated mutations with typed errors, optimistic concurrency, the
// engagement status history and retraction.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../src/db.ts";
import { createApiKey, revokeApiKey } from "../src/domain/api-keys.ts";
import { createServer } from "../src/yoga.ts";
import { execute } from "./helpers/graphql.ts";

const yoga = createServer();
afterAll(() => disconnectDb());

let editorKey = "";
let adminKey = "";
const as = (key: string) => ({ authorization: `Bearer ${key}` });
beforeAll(async () => {
  editorKey = (await createApiKey(db(), { name: "test editor", role: "EDITOR" })).key;
  adminKey = (await createApiKey(db(), { name: "test admin", role: "ADMIN" })).key;
});

const article = "urn:summitry:seed:000_10a016cd793c5963";

const CREATE_ENGAGEMENT = `mutation($input: EngagementInput!) {
  createEngagement(input: $input) {
    __typename
    ... on MutationCreateEngagementSuccess { data { id slug title status date version participants { totalCount } sources { url } } }
    ... on ValidationError { code fieldErrors { path message } }
    ... on DuplicateError { code message }
  }
}`;

function engagementInput(overrides: Record<string, unknown> = {}) {
  return {
    slug: "qingdao-2025-test-meeting",
    title: "A test meeting",
    kind: "BILATERAL_MEETING",
    formality: "FORMAL",
    status: "SPECULATED",
    date: "2025-06-26",
    place: "Qingdao",
    placeCountry: "CN",
    summit: "sco-dmm-2025-qingdao",
    participants: [
      { country: "IN", person: "rajnath-singh", role: "PARTICIPANT" },
      { country: "PK", person: "khawaja-muhammad-asif", role: "PARTICIPANT" },
    ],
    sources: [{ source: article, note: "Reports speculation about a meeting." }],
    ...overrides,
  };
}

describe("who may write", () => {
  const input = engagementInput({ slug: "auth-check" });

  it("refuses a write without a key: UNAUTHENTICATED", async () => {
    const result = await execute(yoga, CREATE_ENGAGEMENT, { input });
    expect(result.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([
      ["Writing needs an API key: send Authorization: Bearer <key>.", "UNAUTHENTICATED"],
    ]);
  });

  it("refuses unknown and revoked keys: UNAUTHENTICATED", async () => {
    const unknown = await execute(yoga, CREATE_ENGAGEMENT, { input }, as("smy_not-a-real-key"));
    expect(unknown.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["The API key is unknown or revoked.", "UNAUTHENTICATED"]]);
    const { key, apiKey } = await createApiKey(db(), { name: "short-lived", role: "EDITOR" });
    await revokeApiKey(db(), apiKey.id);
    const revoked = await execute(yoga, CREATE_ENGAGEMENT, { input }, as(key));
    expect(revoked.errors?.map((e) => e.extensions?.code)).toEqual(["UNAUTHENTICATED"]);
    expect(await db().engagement.count({ where: { slug: "auth-check" } })).toBe(0);
  });

  it("refuses an ADMIN mutation to an EDITOR key: FORBIDDEN; an ADMIN key may", async () => {
    const mutation = `mutation { createApiKey(name: "ci", role: EDITOR) { __typename ... on MutationCreateApiKeySuccess { data { key apiKey { role prefix } } } } }`;
    const editor = await execute(yoga, mutation, {}, as(editorKey));
    expect(editor.errors?.map((e) => [e.message, e.extensions?.code])).toEqual([["Your API key's role does not allow this.", "FORBIDDEN"]]);
    const admin = await execute<any>(yoga, mutation, {}, as(adminKey));
    const created = admin.data.createApiKey.data;
    expect(created.apiKey.role).toBe("EDITOR");
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    // The key itself is never stored, only its hash.
    expect(await db().apiKey.count({ where: { OR: [{ hash: created.key }, { prefix: created.key }] } })).toBe(0);
  });

  it("lets an EDITOR key create an engagement, cited, and logs who did it", async () => {
    const result = await execute<any>(yoga, CREATE_ENGAGEMENT, { input: engagementInput() }, as(editorKey));
    expect(result.data.createEngagement).toMatchObject({
      __typename: "MutationCreateEngagementSuccess",
      data: { slug: "qingdao-2025-test-meeting", status: "SPECULATED", date: "2025-06-26", version: 1, participants: { totalCount: 2 }, sources: [{ url: article }] },
    });
    const log = await db().changeLog.findMany({ where: { entityType: "Engagement", action: "CREATE" }, orderBy: { id: "desc" }, take: 1 });
    expect(log[0]).toMatchObject({ actor: "test editor", action: "CREATE" });
    const again = await execute<any>(yoga, CREATE_ENGAGEMENT, { input: engagementInput() }, as(editorKey));
    expect(again.data.createEngagement).toEqual({ __typename: "DuplicateError", code: "DUPLICATE", message: "This engagement is already recorded; update it instead." });
  });
});

describe("validation", () => {
  const fieldErrors = async (input: Record<string, unknown>) => {
    const result = await execute<any>(yoga, CREATE_ENGAGEMENT, { input }, as(editorKey));
    expect(result.data.createEngagement.__typename).toBe("ValidationError");
    return result.data.createEngagement.fieldErrors;
  };

  it("refuses an unknown country code, addressed to the field", async () => {
    expect(await fieldErrors(engagementInput({ slug: "v-unknown", participants: [{ country: "IN", role: "HOST" }, { country: "XX", role: "GUEST" }] }))).toEqual([
      { path: ["input", "participants", "1", "country"], message: 'unknown country "XX"' },
    ]);
    expect(await fieldErrors(engagementInput({ slug: "v-malformed", placeCountry: "India" }))).toEqual([
      { path: ["input", "placeCountry"], message: "must be an ISO 3166-1 alpha-2 code like IN" },
    ]);
  });

  it("refuses a bilateral meeting without exactly two countries", async () => {
    expect(await fieldErrors(engagementInput({ slug: "v-three", participants: [{ country: "IN", role: "HOST" }, { country: "PK", role: "GUEST" }, { country: "CN", role: "GUEST" }] }))).toEqual([
      { path: ["input", "participants"], message: "a bilateral meeting has exactly two countries" },
    ]);
  });

  it("refuses a malformed source URL, a fact without sources and over-long text", async () => {
    expect(
      await fieldErrors(engagementInput({ slug: "v-url", sources: [{ newSource: { url: "not a url", title: "T", publisher: "P" } }] })),
    ).toEqual([{ path: ["input", "sources", "0", "newSource", "url"], message: "must be an absolute http(s) URL or a URN" }]);
    expect(await fieldErrors(engagementInput({ slug: "v-nosource", sources: [] }))).toEqual([
      { path: ["input", "sources"], message: "every fact cites at least one source" },
    ]);
    const long = await fieldErrors(engagementInput({ slug: "v-long", title: "x".repeat(201) }));
    expect(long.map((e: any) => e.path)).toEqual([["input", "title"]]);
  });

  it("refuses an end before the start, and an enum value that does not exist", async () => {
    const membership = `mutation($input: MembershipInput!) { createMembership(input: $input) { __typename ... on ValidationError { fieldErrors { path message } } } }`;
    const result = await execute<any>(
      yoga,
      membership,
      { input: { organisation: "SCO", country: "EG", status: "OBSERVER", from: "2024-05-01", to: "2024-04", sources: [{ source: article }] } },
      as(editorKey),
    );
    expect(result.data.createMembership).toEqual({
      __typename: "ValidationError",
      fieldErrors: [{ path: ["input", "to"], message: "A membership cannot end before it starts." }],
    });
    const badEnum = await execute(yoga, CREATE_ENGAGEMENT, { input: engagementInput({ status: "PROBABLY" }) }, as(editorKey));
    expect(badEnum.errors?.map((e) => e.extensions?.code)).toEqual(["BAD_USER_INPUT"]);
  });
});

describe("concurrent edits", () => {
  it("refuses an update against a stale version with CONFLICT and keeps the newer write", async () => {
    const engagement = await db().engagement.findUniqueOrThrow({ where: { slug: "moscow-2020-rajnath-singh-wei-fenghe" } });
    const id = Buffer.from(`Engagement:${engagement.id}`).toString("base64");
    const update = `mutation($id: ID!, $version: Int!, $summary: String) {
      updateEngagement(id: $id, version: $version, input: { summary: $summary }) {
        __typename
        ... on MutationUpdateEngagementSuccess { data { version summary } }
        ... on ConflictError { code expectedVersion currentVersion }
      }
    }`;
    const first = await execute<any>(yoga, update, { id, version: engagement.version, summary: "First editor's summary." }, as(editorKey));
    expect(first.data.updateEngagement).toEqual({ __typename: "MutationUpdateEngagementSuccess", data: { version: 2, summary: "First editor's summary." } });
    const stale = await execute<any>(yoga, update, { id, version: engagement.version, summary: "Second editor's summary." }, as(editorKey));
    expect(stale.data.updateEngagement).toEqual({ __typename: "ConflictError", code: "CONFLICT", expectedVersion: 1, currentVersion: 2 });
    expect((await db().engagement.findUniqueOrThrow({ where: { id: engagement.id } })).summary).toBe("First editor's summary.");
  });
});

describe("result selections", () => {
  it("answers a write whose client selects only __typename", async () => {
    const engagement = await db().engagement.findUniqueOrThrow({ where: { slug: "beijing-2025-ajit-doval-wang-yi" } });
    const id = Buffer.from(`Engagement:${engagement.id}`).toString("base64");
    const result = await execute(
      yoga,
      `mutation($id: ID!) { updateEngagement(id: $id, version: 1, input: { place: "Beijing, Diaoyutai" }) { __typename } }`,
      { id },
      as(editorKey),
    );
    expect(result).toEqual({ status: 200, data: { updateEngagement: { __typename: "MutationUpdateEngagementSuccess" } } });
  });
});

describe("status lifecycle", () => {
  it("keeps the full status history after SPECULATED -> HELD, each change with its source and author", async () => {
    const engagement = await db().engagement.findUniqueOrThrow({ where: { slug: "qingdao-2025-india-pakistan-informal" } });
    const id = Buffer.from(`Engagement:${engagement.id}`).toString("base64");
    // Dated "2025-06", it sorts before the Beijing meeting of the 24th: ask for contacts before that.
    const lastContact = `{ lastContact(between: ["IN", "PK"], before: "2025-06-24") { kind engagement { title } } }`;
    const speculated = await execute<any>(yoga, lastContact);
    expect(speculated.data.lastContact).toEqual({ kind: "JOINT_EXERCISE", engagement: { title: "Peace Mission 2018 joint military exercise" } });
    const result = await execute<any>(
      yoga,
      `mutation($id: ID!, $source: CitationInput!) {
        setEngagementStatus(id: $id, status: HELD, source: $source, note: "Both ministers spoke briefly at the dinner.") {
          __typename
          ... on MutationSetEngagementStatusSuccess { data { status version statusHistory { from to note actor source { url title } } } }
        }
      }`,
      { id, source: { newSource: { url: "https://example.org/reports/qingdao-dinner", title: "Report of a dinner exchange", publisher: "Example Wire", published: "2025-06-26" } } },
      as(editorKey),
    );
    expect(result.data.setEngagementStatus).toEqual({
      __typename: "MutationSetEngagementStatusSuccess",
      data: {
        status: "HELD",
        version: 2,
        statusHistory: [
          { from: null, to: "SPECULATED", note: null, actor: "seed", source: { url: article, title: expect.any(String) } },
          { from: "SPECULATED", to: "HELD", note: "Both ministers spoke briefly at the dinner.", actor: "test editor", source: { url: "https://example.org/reports/qingdao-dinner", title: "Report of a dinner exchange" } },
        ],
      },
    });
    const log = await db().changeLog.findFirstOrThrow({ where: { entityType: "Engagement", entityId: engagement.id, action: "STATUS_CHANGE" } });
    expect([(log.before as any).status, (log.after as any).status]).toEqual(["SPECULATED", "HELD"]);
    // Held now: it counts as contact.
    const contact = await execute<any>(yoga, lastContact);
    expect(contact.data.lastContact).toEqual({ kind: "INFORMAL_ENCOUNTER", engagement: { title: "Possible India-Pakistan encounter at Qingdao" } });
  });
});

describe("retraction", () => {
  it("takes a retracted fact out of default answers but keeps it, its history and the reason", async () => {
    const statement = await db().statement.findUniqueOrThrow({ where: { slug: "china-qingdao-regional-security-2025" } });
    const id = Buffer.from(`Statement:${statement.id}`).toString("base64");
    const before = await execute<any>(yoga, `{ statements { totalCount } }`);
    const result = await execute<any>(
      yoga,
      `mutation($id: ID!) { retract(id: $id, version: 1, reason: "Attributed to the wrong speaker.") { __typename ... on MutationRetractSuccess { data { id factId fact { id __typename } type reason } } } }`,
      { id },
      as(editorKey),
    );
    // The retraction has its own id, not the fact's: a normalised client store keeps both.
    expect(result.data.retract).toEqual({
      __typename: "MutationRetractSuccess",
      data: {
        id: Buffer.from(`Retraction:Statement:${statement.id}`).toString("base64"),
        factId: id,
        fact: { id, __typename: "Statement" },
        type: "Statement",
        reason: "Attributed to the wrong speaker.",
      },
    });
    const after = await execute<any>(yoga, `{ statements { totalCount } search(query: "strategic stability") { totalCount } }`);
    expect(after.data).toEqual({ statements: { totalCount: before.data.statements.totalCount - 1 }, search: { totalCount: 0 } });
    const node = await execute<any>(yoga, `query($id: ID!) { node(id: $id) { ... on Statement { summary retraction { reason } } } }`, { id });
    expect(node.data.node.retraction).toEqual({ reason: "Attributed to the wrong speaker." });
    expect(await db().changeLog.count({ where: { entityType: "Statement", entityId: statement.id, action: "RETRACT" } })).toBe(1);
  });
});
