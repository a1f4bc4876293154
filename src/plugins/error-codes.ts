// Every error a client receives carries extensions.code. Our own errors (src/errors.ts), the
// abuse limits and masked errors already have one; this gives one to what graphql-js and Yoga
// raise without: GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT (variables that
// do not fit their types), and for HTTP-level refusals a code from the status (BAD_REQUEST,
// CSRF_HEADER_REQUIRED, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, UNSUPPORTED_MEDIA_TYPE, ...).
import { GraphQLError } from "graphql";
import { isAsyncIterable, type Plugin } from "graphql-yoga";

type ErrorLike = { message: string; extensions?: Record<string, unknown>; path?: unknown; locations?: unknown };

const byStatus: Record<number, string> = {
  400: "BAD_REQUEST",
  403: "CSRF_HEADER_REQUIRED",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  406: "NOT_ACCEPTABLE",
  413: "REQUEST_ENTITY_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
};

export function codeFor(error: ErrorLike): string {
  const status = (error.extensions?.http as { status?: number } | undefined)?.status;
  if (/^Syntax Error/.test(error.message)) return "GRAPHQL_PARSE_FAILED";
  if (/^Variable "\$[^"]*" (got invalid value|of required type|of non-null type)/.test(error.message)) return "BAD_USER_INPUT";
  if (status && byStatus[status]) return byStatus[status]!;
  if (error.path) return "INTERNAL_SERVER_ERROR";
  if (Array.isArray(error.locations) && error.locations.length) return "GRAPHQL_VALIDATION_FAILED";
  if (status && status >= 500) return "INTERNAL_SERVER_ERROR";
  return "BAD_REQUEST";
}

export function withCode<E extends ErrorLike>(error: E, code: string): E | GraphQLError {
  if (error instanceof Error) {
    const e = error as unknown as GraphQLError;
    return new GraphQLError(e.message, {
      nodes: e.nodes,
      source: e.source,
      positions: e.positions,
      path: e.path,
      originalError: e.originalError ?? undefined,
      extensions: { ...e.extensions, code },
    });
  }
  return { ...error, extensions: { ...error.extensions, code } };
}

const hasCode = (e: ErrorLike) => typeof e.extensions?.code === "string";

export function useErrorCodes(onError?: (code: string) => void): Plugin {
  const codeAll = (result: { errors?: readonly ErrorLike[] }) => {
    if (!result.errors?.length) return result;
    const errors = result.errors.map((e) => (hasCode(e) ? e : withCode(e, codeFor(e))));
    for (const e of errors) onError?.(String(e.extensions?.code));
    return { ...result, errors };
  };
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      // Yoga's GET parser lets JSON.parse of `variables`/`extensions` throw as it is, which would
      // be masked as a 500; it is the client's mistake.
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (err) {
          if (err instanceof SyntaxError) {
            throw new GraphQLError(`The request's parameters are not valid JSON: ${err.message}`, {
              extensions: { code: "BAD_REQUEST", http: { status: 400 } },
            });
          }
          throw err;
        }
      });
    },
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof Error && !hasCode(result as ErrorLike)) {
          replaceParseResult(withCode(result as GraphQLError, "GRAPHQL_PARSE_FAILED") as GraphQLError);
        }
      };
    },
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (!valid && result.some((e) => !hasCode(e))) {
          setResult(result.map((e) => (hasCode(e) ? e : (withCode(e, "GRAPHQL_VALIDATION_FAILED") as GraphQLError))));
        }
      };
    },
    onResultProcess({ result, setResult }) {
      if (isAsyncIterable(result)) return;
      const coded = Array.isArray(result) ? result.map(codeAll) : codeAll(result);
      setResult(coded as Parameters<typeof setResult>[0]);
    },
  };
}
