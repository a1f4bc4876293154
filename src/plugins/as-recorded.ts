// @asRecorded(at:) on a query runs its whole execution inside one recorded transaction
// (src/domain/recorded.ts); on a mutation or subscription it is refused before anything runs.
import {
  getDirectiveValues,
  getOperationAST,
  GraphQLError,
  type ExecutionArgs,
  type OperationDefinitionNode,
  type ValidationRule,
} from "graphql";
import { getVariableValues } from "graphql/execution/values.js";
import { isAsyncIterable, type Plugin } from "graphql-yoga";
import { readAsRecorded } from "../domain/recorded.ts";
import { withExtensions } from "./json-answers.ts";

const NAME = "asRecorded";

const queryOnly: ValidationRule = (context) => ({
  OperationDefinition(node) {
    const directive = node.directives?.find((d) => d.name.value === NAME);
    if (directive && node.operation !== "query") {
      context.reportError(
        new GraphQLError(`@${NAME} reads the past: it applies to a query, not to a ${node.operation}.`, {
          nodes: directive,
          extensions: { code: "AS_RECORDED_QUERY_ONLY" },
        }),
      );
    }
  },
});

function recordedInstant(args: ExecutionArgs): Date | undefined {
  const operation = getOperationAST(args.document, args.operationName) as OperationDefinitionNode | null;
  if (!operation?.directives?.some((d) => d.name.value === NAME)) return undefined;
  const directive = args.schema.getDirective(NAME)!;
  // The request's variables as the execution will coerce them (the DateTime scalar makes a Date);
  // when they do not coerce, the execution reports it and reads nothing. A bad literal failed validation.
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {});
  if (variables.errors) return undefined;
  const values = getDirectiveValues(directive, operation, variables.coerced) as { at: Date } | undefined;
  return values?.at;
}

export function useAsRecorded(): Plugin {
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(queryOnly);
    },
    onExecute({ args, executeFn, setExecuteFn }) {
      const at = recordedInstant(args);
      if (!at) return;
      setExecuteFn(async (execArgs) =>
        readAsRecorded(at, async ({ instant }) => {
          const result = await executeFn(execArgs);
          // A query's result is one value (no @defer/@stream here): it must be complete before the
          // transaction ends.
          if (isAsyncIterable(result)) throw new Error("@asRecorded cannot stream");
          // Say which instant was answered for: a future one answers for the latest settled one.
          // Not a spread: a compiled read's data would be parsed only to be written out again.
          return withExtensions(result, { ...result.extensions, asRecorded: { at: at.toISOString(), instant: instant.toISOString() } });
        }),
      );
    },
  };
}
