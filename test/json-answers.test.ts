// A result backed by PostgreSQL's JSON text (src/plugins/json-answers.ts) must serialise exactly as
// the same result with its data parsed would, and never write out text that no longer says what
// its data says once a plugin has read or changed it.
import { describe, expect, it } from "vitest";
import { answerFromJson, stringifyAnswer, withExtensions } from "../src/plugins/json-answers.ts";

const text = JSON.stringify({ organisation: { name: "Shanghai Cooperation Organisation", memberships: { edges: [{ node: { from: "2001" } }] } } });

describe("answers from JSON text", () => {
  it("serialise as the parsed result would, from the text", () => {
    const result = answerFromJson(text);
    expect(stringifyAnswer(result)).toBe(`{"data":${text}}`);
    expect(stringifyAnswer(result)).toBe(JSON.stringify({ data: JSON.parse(text) }));
  });

  it("keep the text through extensions added after them, in the order a spread gives", () => {
    const result = withExtensions(answerFromJson(text), { asRecorded: { at: "2024-01-01T00:00:00.000Z" } });
    const expected = JSON.stringify({ data: JSON.parse(text), extensions: { asRecorded: { at: "2024-01-01T00:00:00.000Z" } } });
    expect(stringifyAnswer(result)).toBe(expected);
    expect(JSON.stringify(result)).toBe(expected);
  });

  it("are ordinary results once their data is read: a change in place is written out", () => {
    const result = answerFromJson(text);
    const data = result.data as any;
    data.organisation.name = "SCO";
    expect(stringifyAnswer(result)).toBe(text.replace("Shanghai Cooperation Organisation", "SCO").replace(/^/, '{"data":') + "}");
  });

  it("are ordinary results once their data is replaced", () => {
    const result = answerFromJson(text);
    result.data = { organisation: null };
    expect(stringifyAnswer(result)).toBe('{"data":{"organisation":null}}');
  });

  it("leave a spread copy with plain data and no text to go stale", () => {
    const result = answerFromJson(text);
    const copy = { ...result, extensions: { x: 1 } };
    (copy.data as any).organisation = null;
    expect(stringifyAnswer(copy)).toBe('{"data":{"organisation":null},"extensions":{"x":1}}');
  });
});
