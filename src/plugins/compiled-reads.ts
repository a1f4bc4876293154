// Runs a query operation as one SQL statement when src/schema/compiled-reads.ts covers all of it,
// and through the resolvers otherwise. It replaces only the execute step: parsing, validation,
// the abuse limits (which run before it and can refuse), the response cache (which runs after it
// and wraps it) and the error codes are the same on both paths.
import type { Plugin } from "graphql-yoga";
import { queryText } from "../db.ts";
import { compileReadCached } from "../schema/compiled-reads.ts";
import { answerFromJson } from "./json-answers.ts";

export interface CompiledReadsOptions {
  /** Told of every operation answered by one statement (tests check that a document was). */
  onCompiled?: (operationName: string | null | undefined) => void;
}

export function useCompiledReads(options: CompiledReadsOptions = {}): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn(async (args) => {
        const compiled = compileReadCached(args.schema, args.document, args.operationName, args.variableValues);
        if (!compiled) return executeFn(args);
        let json: string | null;
        try {
          json = await queryText(compiled);
        } catch {
          // A statement timeout, the database gone: the resolver path fails the same way and
          // reports it with the codes clients know (DATABASE_UNAVAILABLE, ...).
          return executeFn(args);
        }
        if (json === null) return executeFn(args);
        options.onCompiled?.(args.operationName);
        // The answer stays PostgreSQL's text unless a plugin reads it (json-answers.ts).
        return compiled.verbatim ? answerFromJson(json) : { data: JSON.parse(json) };
      });
    },
  };
}
