// Abuse limits. Each refusal is an error with its own extensions.code, so a client (and the
// errors-by-code metric) can tell which limit it hit:
//   TOKEN_LIMIT_EXCEEDED, DEPTH_LIMIT_EXCEEDED, ALIAS_LIMIT_EXCEEDED, DIRECTIVE_LIMIT_EXCEEDED
//     (graphql-armor, checked while parsing and validating),
//   COST_LIMIT_EXCEEDED (below: page sizes multiplied down the selection, checked with the
//     request's variables just before execution),
//   INTROSPECTION_DISABLED (INTROSPECTION=false).
import { EnvelopArmor } from "@escape.tech/graphql-armor";
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  GraphQLError,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import type { HardeningConfig } from "../config.ts";

/** What a connection returns when neither `first` nor `last` is given (src/builder.ts). */
export const DEFAULT_PAGE_SIZE = 20;

function refusal(code: string, message: string, extra: Record<string, unknown> = {}) {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

/** Armor prefixes its messages with "Syntax Error: "; ours state the limit plainly. */
function plain(error: GraphQLError) {
  return error.message.replace(/^Syntax Error: /, "");
}

export function useAbuseLimits(config: HardeningConfig): Plugin[] {
  const report = (code: string) => (context: ValidationContext | null, error: GraphQLError) => {
    const coded = refusal(code, plain(error));
    // Tokens are counted while parsing, where there is no validation context: throwing ends the parse.
    if (!context) throw coded;
    context.reportError(coded);
  };
  const armor = new EnvelopArmor({
    maxTokens: { n: config.maxTokens, onReject: [report("TOKEN_LIMIT_EXCEEDED")], propagateOnRejection: false },
    maxDepth: {
      n: config.maxDepth,
      flattenFragments: true,
      onReject: [report("DEPTH_LIMIT_EXCEEDED")],
      propagateOnRejection: false,
    },
    maxAliases: { n: config.maxAliases, onReject: [report("ALIAS_LIMIT_EXCEEDED")], propagateOnRejection: false },
    maxDirectives: {
      n: config.maxDirectives,
      onReject: [report("DIRECTIVE_LIMIT_EXCEEDED")],
      propagateOnRejection: false,
    },
    // Armor's cost counts fields with a depth factor and ignores page sizes; ours below does not.
    costLimit: { enabled: false },
    // "Did you mean ...?" would reveal the schema that disabled introspection hides.
    blockFieldSuggestion: { enabled: !config.introspection },
  });
  const plugins = armor.protect().plugins as Plugin[];
  plugins.push(useCostLimit(config.maxCost));
  if (!config.introspection) plugins.push(useDisableIntrospection());
  return plugins;
}

/**
 * Refuses an operation whose estimated size is over `maxCost`. The estimate counts the objects
 * an answer could hold: each object-typed field counts once per parent it may appear under, and
 * a connection field (one with `first`/`last` arguments) multiplies what is under it by its page
 * size (the argument's value, from variables too, or 20 when absent). A nested 100 x 100 x 100
 * page request estimates over 3 million; the README's traversal about 3 thousand.
 */
export function useCostLimit(maxCost: number): Plugin {
  const check = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null }) => {
    const cost = estimateCost(args.schema, args.document, args.operationName ?? undefined, args.variableValues ?? {});
    if (cost <= maxCost) return null;
    return refusal(
      "COST_LIMIT_EXCEEDED",
      `Query cost limit of ${maxCost} exceeded, estimated ${cost}: ask for smaller pages (first/last) or fewer nested connections.`,
      { cost, maxCost, http: { status: 400 } },
    );
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const error = check(args);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onSubscribe({ args, setSubscribeFn }) {
      const error = check(args);
      if (error) setSubscribeFn(() => ({ errors: [error] }));
    },
  };
}

export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) {
      operation ??= definition;
    }
  }
  if (!operation) return 0;
  const root =
    operation.operation === "query"
      ? schema.getQueryType()
      : operation.operation === "mutation"
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return 0;
  // Variables the client left out take their declared defaults.
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (variables[name] !== undefined) values[name] = variables[name];
    else if (definition.defaultValue) values[name] = literal(definition.defaultValue, {});
  }

  const visiting = new Set<string>();
  const selectionCost = (selectionSet: SelectionSetNode, parentType: GraphQLOutputType, multiplier: number): number => {
    const named = getNamedType(parentType);
    let total = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, named, multiplier);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typeName = selection.typeCondition?.name.value;
        const type = (typeName && schema.getType(typeName)) || named;
        total += selectionCost(selection.selectionSet, type as GraphQLOutputType, multiplier);
      } else {
        const fragment = fragments.get(selection.name.value);
        // A fragment spreading itself is a validation error; do not loop on it here.
        if (!fragment || visiting.has(fragment.name.value)) continue;
        visiting.add(fragment.name.value);
        const type = schema.getType(fragment.typeCondition.name.value) ?? named;
        total += selectionCost(fragment.selectionSet, type as GraphQLOutputType, multiplier);
        visiting.delete(fragment.name.value);
      }
      if (total > Number.MAX_SAFE_INTEGER) return Number.MAX_SAFE_INTEGER;
    }
    return total;
  };

  const fieldCost = (node: FieldNode, parentType: ReturnType<typeof getNamedType>, multiplier: number): number => {
    if (!node.selectionSet) return 0;
    const field =
      isObjectType(parentType) || isInterfaceType(parentType)
        ? (parentType.getFields()[node.name.value] as GraphQLField<unknown, unknown> | undefined)
        : undefined;
    const type = field?.type;
    if (!type || !isCompositeType(getNamedType(type))) return selectionCost(node.selectionSet, parentType as GraphQLOutputType, multiplier);
    let size = 1;
    const paged = field.args.some((a) => a.name === "first" || a.name === "last");
    if (paged) {
      size = DEFAULT_PAGE_SIZE;
      for (const argument of node.arguments ?? []) {
        if (argument.name.value !== "first" && argument.name.value !== "last") continue;
        const value = literal(argument.value, values);
        if (typeof value === "number" && Number.isFinite(value) && value >= 0) size = value;
      }
    } else if (isListType(getNullableType(type))) {
      // An unpaged list (sources, participants of a fact) is short by nature; count it as one.
      size = 1;
    }
    const here = multiplier * Math.max(size, 1);
    return here + selectionCost(node.selectionSet, type, here);
  };

  return selectionCost(operation.selectionSet, root, 1);
}

function literal(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return Number(node.value);
  return undefined;
}

/** Refuses __schema and __type (not __typename) with INTROSPECTION_DISABLED. */
export function useDisableIntrospection(): Plugin {
  const rule = (context: ValidationContext) => ({
    Field(node: FieldNode) {
      if (node.name.value === "__schema" || node.name.value === "__type") {
        context.reportError(
          new GraphQLError(`Introspection is disabled on this server; "${node.name.value}" cannot be queried.`, {
            nodes: node,
            extensions: { code: "INTROSPECTION_DISABLED" },
          }),
        );
      }
    },
  });
  return {
    onValidate({ addValidationRule }) {
      addValidationRule(rule);
    },
  };
}
