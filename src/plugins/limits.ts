// Abuse limits. Each refusal is an error with its own extensions.code, so a client (and the
// errors-by-code metric) can tell which limit it hit:
//   TOKEN_LIMIT_EXCEEDED, DEPTH_LIMIT_EXCEEDED, ALIAS_LIMIT_EXCEEDED, DIRECTIVE_LIMIT_EXCEEDED
//     (graphql-armor, checked while parsing and validating),
//   COST_LIMIT_EXCEEDED (below: page sizes multiplied down the selection, checked with the
//     request's variables just before execution),
//   INTROSPECTION_DISABLED (INTROSPECTION=false),
//   RESPONSE_TOO_LARGE (MAX_RESPONSE_BYTES, useAnswerText in json-answers.ts).
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
  parse,
} from "graphql";
import { createGraphQLError, type Plugin } from "graphql-yoga";
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
      // Introspection is no exception: a deep __type selection costs like any other.
      ignoreIntrospection: false,
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
  // The bound on the answer's size (MAX_RESPONSE_BYTES) is useAnswerText, which createServer puts last.
  plugins.push(useRequestBodyLimit(config.maxBodyBytes), useCostLimit(config), useBatchLimits(config));
  if (!config.introspection) plugins.push(useDisableIntrospection());
  return plugins;
}

const bodyTooLarge = () => createGraphQLError("Request body too large", { extensions: { http: { status: 413 }, code: "REQUEST_ENTITY_TOO_LARGE" } });

/**
 * MAX_BODY_BYTES (413 REQUEST_ENTITY_TOO_LARGE), in place of Yoga's maxRequestBodySize, which
 * createServer turns off: Yoga pipes every request body through a WHATWG TransformStream into a
 * new Request to count its bytes, which cost more than anything else in reading a small query.
 * A request with a Content-Length is refused on it alone, as Yoga does first: Node's HTTP parser
 * hands over exactly that many bytes of body (more on the connection is the next request), so
 * there is nothing left to count. Only a body without one (chunked) is counted as it streams, as
 * Yoga counts it.
 */
export function useRequestBodyLimit(maxBytes: number): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const contentLength = request.headers.get("content-length");
      if (contentLength != null) {
        if (!/^\d+$/.test(contentLength)) {
          throw createGraphQLError("Content-Length header is invalid.", { extensions: { http: { status: 400 }, code: "BAD_REQUEST" } });
        }
        if (Number(contentLength) > maxBytes) throw bodyTooLarge();
        return;
      }
      if (!requestParser || !request.body) return;
      setRequestParser((req) => {
        const body = req.body!;
        // As Yoga does: a native stream needs the native TransformStream.
        const Transform = body instanceof ReadableStream ? globalThis.TransformStream : fetchAPI.TransformStream;
        let bytes = 0;
        const counted = body.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              bytes += chunk.byteLength;
              if (bytes > maxBytes) controller.error(bodyTooLarge());
              else controller.enqueue(chunk);
            },
          }),
        );
        return requestParser(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, signal: req.signal, body: counted, duplex: "half" } as RequestInit));
      });
    },
  };
}

/** At most this many global IDs in one `ids:` list argument (`nodes(ids:)`). */
export const MAX_IDS = 100;

/** What one operation asks for, before it runs. */
export interface OperationEstimate {
  /** Objects its answer could hold (see estimateCost). */
  cost: number;
  /** `__schema` and `__type` selections, each alias and each fragment spread counted. */
  introspection: number;
  /** The longest `ids:` list argument. */
  ids: number;
}

type CheckArgs = { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null };

/** The refusal for an operation (or a whole batch) over a limit, or null. */
export function overLimits(estimate: OperationEstimate, config: Pick<HardeningConfig, "maxCost" | "maxIntrospection">, what = "Query") {
  if (estimate.ids > MAX_IDS) {
    return refusal("TOO_MANY_IDS", `At most ${MAX_IDS} IDs can be asked for at once; got ${estimate.ids}.`, { maximum: MAX_IDS, http: { status: 400 } });
  }
  if (estimate.introspection > config.maxIntrospection) {
    return refusal(
      "INTROSPECTION_LIMIT_EXCEEDED",
      `${what} has ${estimate.introspection} introspection selections (__schema, __type); at most ${config.maxIntrospection} are allowed.`,
      { maximum: config.maxIntrospection, http: { status: 400 } },
    );
  }
  if (estimate.cost > config.maxCost) {
    return refusal(
      "COST_LIMIT_EXCEEDED",
      `${what} cost limit of ${config.maxCost} exceeded, estimated ${estimate.cost}: ask for smaller pages (first/last) or fewer nested connections.`,
      { cost: estimate.cost, maxCost: config.maxCost, http: { status: 400 } },
    );
  }
  return null;
}

/**
 * Refuses an operation whose estimated size is over `maxCost`, that asks for more than MAX_IDS
 * ids or that holds more introspection selections than `maxIntrospection`. The estimate counts
 * the objects an answer could hold: each object-typed field counts once per parent it may appear
 * under, a connection field (one with `first`/`last` arguments) multiplies what is under it by
 * its page size (the argument's value, from variables too, or 20 when absent), and a list field
 * with a list argument (`nodes(ids:)`) by that list's length. A nested 100 x 100 x 100 page
 * request estimates over 3 million; the README's traversal about 10 thousand. A batch is checked
 * as a whole when the request is parsed (useBatchLimits).
 */
export function useCostLimit(config: Pick<HardeningConfig, "maxCost" | "maxIntrospection">): Plugin {
  // The estimate depends only on the document, the operation and the variables, and a client
  // repeats the same few: kept per document (Yoga's parser cache hands out one DocumentNode per
  // query text, and drops it when it drops the text), at most 64 variable sets each.
  const estimates = new WeakMap<DocumentNode, Map<string, OperationEstimate>>();
  const estimate = (args: CheckArgs) => {
    let byVariables = estimates.get(args.document);
    if (!byVariables) estimates.set(args.document, (byVariables = new Map()));
    const key = `${args.operationName ?? ""}\u0000${JSON.stringify(args.variableValues ?? {})}`;
    let found = byVariables.get(key);
    if (!found) {
      found = analyseOperation(args.schema, args.document, args.operationName ?? undefined, args.variableValues ?? {});
      if (byVariables.size >= 64) byVariables.delete(byVariables.keys().next().value!);
      byVariables.set(key, found);
    }
    return found;
  };
  const check = (args: CheckArgs) => overLimits(estimate(args), config);
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

/**
 * A batch's operations run side by side, so their limits are one budget: the sum of their costs
 * and of their introspection selections. Checked on the parsed request, before any of them runs;
 * over it, the whole batch is refused. (A single operation is checked before it executes, with
 * its variables coerced, by useCostLimit.)
 */
export function useBatchLimits(config: Pick<HardeningConfig, "maxCost" | "maxIntrospection" | "maxTokens">): Plugin {
  let schema: GraphQLSchema | undefined;
  return {
    onSchemaChange({ schema: current }) {
      schema = current;
    },
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          if (!schema || !Array.isArray(requestParserResult) || requestParserResult.length < 2) return;
          const total: OperationEstimate = { cost: 0, introspection: 0, ids: 0 };
          for (const params of requestParserResult) {
            if (typeof params?.query !== "string") continue;
            let document: DocumentNode;
            try {
              document = parse(params.query, { maxTokens: config.maxTokens });
            } catch {
              continue; // it fails on its own
            }
            const variables = params.variables && typeof params.variables === "object" ? (params.variables as Record<string, unknown>) : {};
            const one = analyseOperation(schema, document, params.operationName ?? undefined, variables);
            total.cost = Math.min(Number.MAX_SAFE_INTEGER, total.cost + one.cost);
            total.introspection += one.introspection;
            total.ids = Math.max(total.ids, one.ids);
          }
          const error = overLimits(total, config, "The batch");
          if (error) throw error;
        },
      };
    },
  };
}

/** The estimated cost alone (see useCostLimit). */
export function estimateCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
  return analyseOperation(schema, document, operationName, variables).cost;
}

export function analyseOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): OperationEstimate {
  const estimate: OperationEstimate = { cost: 0, introspection: 0, ids: 0 };
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    if (definition.kind === Kind.OPERATION_DEFINITION && (!operationName || definition.name?.value === operationName)) {
      operation ??= definition;
    }
  }
  if (!operation) return estimate;
  const root =
    operation.operation === "query"
      ? schema.getQueryType()
      : operation.operation === "mutation"
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  if (!root) return estimate;
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
    const name = node.name.value;
    // Introspection is counted apart (it is answered from the schema, without the database, but
    // one selection of it is a 100 KB answer); graphql-js' own rule bounds its depth.
    if (name === "__schema" || name === "__type") {
      estimate.introspection += multiplier;
      return 0;
    }
    const field =
      isObjectType(parentType) || isInterfaceType(parentType)
        ? (parentType.getFields()[name] as GraphQLField<unknown, unknown> | undefined)
        : undefined;
    for (const argument of node.arguments ?? []) {
      if (argument.name.value !== "ids") continue;
      const value = literal(argument.value, values);
      if (Array.isArray(value)) estimate.ids = Math.max(estimate.ids, value.length);
    }
    if (!node.selectionSet) return 0;
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
      // A list that answers one item per element of a list argument (nodes(ids:)) is as long as
      // that list; an unpaged list of a fact (sources, participants) is short by nature: one.
      for (const argument of node.arguments ?? []) {
        const value = literal(argument.value, values);
        if (Array.isArray(value)) size = Math.max(size, value.length);
      }
    }
    const here = multiplier * Math.max(size, 1);
    return here + selectionCost(node.selectionSet, type, here);
  };

  estimate.cost = selectionCost(operation.selectionSet, root, 1);
  return estimate;
}

function literal(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return Number(node.value);
  if (node.kind === Kind.LIST) return node.values.map((v) => literal(v, variables));
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
