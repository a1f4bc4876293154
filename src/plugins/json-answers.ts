// Answers as JSON text. A compiled read (src/plugins/compiled-reads.ts) gets its whole answer from
// PostgreSQL as JSON text, written as JSON.stringify would write it; parsing it into objects only
// for Yoga to stringify them again was most of what such a request cost in Node, and most of its
// garbage. So the text is kept: the result's `data` is parsed only if something reads it (the
// response cache does, to find the entities in it), and otherwise the response is written from the
// text as it came. Every other answer is stringified once, for the size bound and the response
// together (useAnswerText).
import { type ExecutionResult, GraphQLError } from "graphql";
import { isAsyncIterable, type Plugin } from "graphql-yoga";

/** The state behind a result made by answerFromJson: its data's text, until something touches data. */
const TEXT = Symbol("summitry.answerText");
interface TextState {
  /** The data's compact JSON text; undefined once `data` was read or written. */
  text: string | undefined;
  value: unknown;
}

/**
 * A result whose `data` is this JSON text, which must be exactly what JSON.stringify writes for
 * the data (no whitespace, its escapes and number forms: the compiled statement builds it so, and
 * test/compiled-reads.test.ts compares the answers byte for byte). Reading `data` parses it (and
 * from then on the result is an ordinary one: whoever read it may change it in place); writing
 * `data` replaces it. Until then the response is the text itself (stringifyAnswer).
 */
export function answerFromJson(text: string): ExecutionResult {
  const state: TextState = { text, value: undefined };
  const result = {} as ExecutionResult;
  Object.defineProperty(result, "data", {
    enumerable: true,
    configurable: true,
    get() {
      if (state.text !== undefined) {
        state.value = JSON.parse(state.text);
        state.text = undefined;
      }
      return state.value;
    },
    set(value: unknown) {
      state.text = undefined;
      state.value = value;
    },
  });
  // Not enumerable: a spread copy ({ ...result }) reads data into a plain property and does not
  // carry the text along, so it can never be written out stale.
  Object.defineProperty(result, TEXT, { value: state });
  // Yoga writes a result with its own `stringify` when it has one.
  Object.defineProperty(result, "stringify", { value: stringifyAnswer, configurable: true });
  return result;
}

/**
 * The result with `extensions` set, keeping a text-backed `data` unparsed (a spread would parse
 * it). Keys stay in the order a spread would give.
 */
export function withExtensions(result: ExecutionResult, extensions: Record<string, unknown>): ExecutionResult {
  const copy = Object.create(Object.getPrototypeOf(result), Object.getOwnPropertyDescriptors(result)) as ExecutionResult;
  Object.defineProperty(copy, "extensions", { value: extensions, enumerable: true, writable: true, configurable: true });
  return copy;
}

/**
 * JSON.stringify(result), with an untouched text-backed `data` written as its text instead of
 * parsed and stringified again.
 */
export function stringifyAnswer(result: ExecutionResult): string {
  const text = (result as { [TEXT]?: TextState })[TEXT]?.text;
  if (text === undefined) return JSON.stringify(result);
  let out = "";
  for (const key of Object.keys(result)) {
    const json = key === "data" ? text : JSON.stringify((result as Record<string, unknown>)[key]);
    if (json === undefined) continue;
    out += `${out ? "," : "{"}${JSON.stringify(key)}:${json}`;
  }
  return out ? `${out}}` : "{}";
}

function tooLarge(bytes: number, maxBytes: number): ExecutionResult {
  return {
    errors: [
      new GraphQLError(`The answer would be ${bytes} bytes, over the limit of ${maxBytes}: ask for less (smaller pages, fewer fields).`, {
        extensions: { code: "RESPONSE_TOO_LARGE", maximum: maxBytes },
      }),
    ],
  };
}

/**
 * The last bound: an answer larger than `maxBytes` of JSON (a batch's answers together) is
 * replaced by RESPONSE_TOO_LARGE, so no request makes the server send, buffer and log megabytes.
 *
 * The text measured is the text sent: for an answer without errors (what Yoga writes as it is)
 * the result goes on carrying it as its `stringify`, so it is serialised once, not once to measure
 * and again to send. That holds only if nothing changes the result after it was measured, so this
 * must be the last plugin whose onResultProcess sees the result (createServer puts it last).
 */
export function useAnswerText(maxBytes: number): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (!maxBytes || isAsyncIterable(result)) return;
      if (Array.isArray(result)) {
        const bytes = Buffer.byteLength(JSON.stringify(result));
        if (bytes > maxBytes) setResult(result.map(() => tooLarge(bytes, maxBytes)) as never);
        return;
      }
      // Yoga rewrites errors and drops extensions.http before writing such a result: measure it
      // as it is and let Yoga serialise it its way (an error answer is small).
      const plain = !result.errors?.length && !(result.extensions as { http?: unknown } | undefined)?.http;
      const text = plain ? stringifyAnswer(result) : JSON.stringify(result);
      const bytes = Buffer.byteLength(text);
      if (bytes > maxBytes) return setResult(tooLarge(bytes, maxBytes));
      if (!plain) return;
      const measured = Object.create(Object.getPrototypeOf(result), Object.getOwnPropertyDescriptors(result)) as ExecutionResult;
      Object.defineProperty(measured, "stringify", { value: () => text, configurable: true });
      setResult(measured);
    },
  };
}
