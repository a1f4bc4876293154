// The schema documents itself: GraphiQL's docs, codegen's comments and every client's IDE show
// these descriptions. Counted from the built schema, as a client's introspection sees it.
import { describe, expect, it } from "vitest";
import { isEnumType, isInterfaceType, isObjectType, isSpecifiedScalarType } from "graphql";
import { schema } from "../src/schema/index.ts";

/**
 * What is counted: every field of every object and interface type (connections, edges, page info,
 * result types and the root types included) and every enum value; the introspection types
 * (`__Schema`, ...) are graphql-js's own and left out. Arguments and input fields are not counted.
 */
function documented() {
  const items: { coordinate: string; name: string; description: string }[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        items.push({ coordinate: `${type.name}.${field.name}`, name: field.name, description: field.description?.trim() ?? "" });
      }
    }
    if (isEnumType(type)) {
      for (const value of type.getValues()) {
        items.push({ coordinate: `${type.name}.${value.name}`, name: value.name, description: value.description?.trim() ?? "" });
      }
    }
  }
  return items;
}

/** "confirmedUntil" and "CONFIRMED_UNTIL" both as "confirmed until". */
const words = (text: string) =>
  text
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/[_.]+/g, " ")
    .trim()
    .toLowerCase();

describe("schema descriptions", () => {
  const items = documented();

  it("describes at least 90% of output fields and enum values, and names the ones that are not", () => {
    const missing = items.filter((i) => !i.description).map((i) => i.coordinate);
    const ratio = (items.length - missing.length) / items.length;
    expect(items.length).toBeGreaterThan(500);
    expect(ratio, `${(ratio * 100).toFixed(1)}% described; without a description:\n${missing.join("\n")}`).toBeGreaterThanOrEqual(0.9);
  });

  it("never just repeats the name as its description", () => {
    const echoes = items.filter((i) => i.description && words(i.description) === words(i.name)).map((i) => i.coordinate);
    expect(echoes).toEqual([]);
  });

  it("describes the core entities' identifying and dated fields, and the domain-heavy enum values", () => {
    const byCoordinate = new Map(items.map((i) => [i.coordinate, i.description]));
    for (const coordinate of [
      "Organisation.acronym", "Organisation.founded", "Organisation.seatCity",
      "Summit.start", "Summit.end", "Summit.city", "Summit.hostCountry",
      "Engagement.date", "Engagement.formality", "Engagement.status", "Engagement.title",
      "Membership.from", "Membership.to", "Membership.founding",
      "Query.countries", "Query.engagement", "Query.node", "Query.nodes", "Query.organisations", "Query.people",
      "Formality.BACKCHANNEL", "EngagementStatus.DENIED", "EngagementStatus.DID_NOT_HAPPEN",
      "AttendanceMode.REPRESENTED_BY_DEPUTY", "PageInfo.hasPreviousPage", "Node.id",
    ]) {
      expect(byCoordinate.get(coordinate), coordinate).toMatch(/\w+ \w+/);
    }
    // DENIED and DID_NOT_HAPPEN say different things.
    expect(byCoordinate.get("EngagementStatus.DENIED")).not.toBe(byCoordinate.get("EngagementStatus.DID_NOT_HAPPEN"));
  });

  it("writes its sentences with the right article (an engagement, not a engagement)", () => {
    const all: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith("__") || isSpecifiedScalarType(type)) continue;
      if (type.description) all.push(type.description);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (field.description) all.push(field.description);
          for (const arg of field.args) if (arg.description) all.push(arg.description);
        }
      }
    }
    // "a one-off" and "a unique" are right: a vowel letter is not always a vowel sound.
    expect(all.filter((d) => /\ba (?!one|uni)[aeiou]/i.test(d))).toEqual([]);
  });
});
