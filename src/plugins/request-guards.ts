// Client mistakes caught before a request is parsed, so they are answered 400 BAD_USER_INPUT
// instead of failing deeper down as a server error:
//   - a batch element that is not an operation (`[null]`);
//   - a NUL character in any string of the request (query text, operation name, variables,
//     extensions), or written as "\u0000" in a string literal of the document: PostgreSQL
//     refuses NUL in text, and nothing we store may hold one;
//   - JSON nested deeper than MAX_JSON_DEPTH in variables or extensions (the cache key is built
//     by a recursive stringify, which such a value overflows).
// The walk is iterative, so no input can overflow the stack here.
import { GraphQLError, type ValidationContext } from "graphql";
import type { Plugin } from "graphql-yoga";

export const MAX_JSON_DEPTH = 32;

function badInput(message: string) {
  return new GraphQLError(message, { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } });
}

/** The first problem of a JSON value: a NUL in a string or a key, or nesting past MAX_JSON_DEPTH. */
export function jsonProblem(value: unknown, where: string): string | null {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [current, depth] = stack.pop()!;
    if (typeof current === "string") {
      if (current.includes("\u0000")) return `${where} holds a NUL character (\\u0000), which no text may contain.`;
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) return `${where} is nested deeper than ${MAX_JSON_DEPTH} levels.`;
    if (Array.isArray(current)) {
      for (const item of current) stack.push([item, depth + 1]);
    } else {
      for (const [key, item] of Object.entries(current)) {
        if (key.includes("\u0000")) return `${where} holds a NUL character (\\u0000), which no text may contain.`;
        stack.push([item, depth + 1]);
      }
    }
  }
  return null;
}

function checkOperation(params: unknown, label: string): void {
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw badInput(`${label} is not an operation: send an object with a "query" (or a "documentId").`);
  }
  const p = params as Record<string, unknown>;
  for (const field of ["query", "operationName", "documentId"] as const) {
    if (typeof p[field] === "string" && (p[field] as string).includes("\u0000")) {
      throw badInput(`The ${field} of ${label.toLowerCase()} holds a NUL character (\\u0000), which no text may contain.`);
    }
  }
  for (const field of ["variables", "extensions"] as const) {
    const problem = jsonProblem(p[field], `The ${field} of ${label.toLowerCase()}`);
    if (problem) throw badInput(problem);
  }
}

export function useRequestGuards(): Plugin {
  const nulInLiterals = (context: ValidationContext) => ({
    StringValue(node: { value: string }) {
      if (node.value.includes("\u0000")) {
        context.reportError(
          new GraphQLError("A string in the query holds a NUL character (\\u0000), which no text may contain.", {
            nodes: node as never,
            extensions: { code: "BAD_USER_INPUT" },
          }),
        );
      }
    },
  });
  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          if (Array.isArray(requestParserResult)) {
            requestParserResult.forEach((params, i) => checkOperation(params, `Batch element ${i}`));
          } else {
            checkOperation(requestParserResult, "The request");
          }
        },
      };
    },
    onValidate({ addValidationRule }) {
      addValidationRule(nulInLiterals);
    },
  };
}
