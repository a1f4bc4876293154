// A codegen document transform: every selection on a Node type (or on the Node interface) also
// selects `id`, so the typed documents and the persisted manifest let a normalising cache (Apollo's
// InMemoryCache, urql's graphcache, Relay) key each entity by __typename and id. Without it a
// document that forgets `id` on one level is cached as one blob under its parent, and an update to
// that entity never reaches it.
import type { Types } from "@graphql-codegen/plugin-helpers";
import {
  buildASTSchema,
  type DocumentNode,
  type FieldNode,
  getNamedType,
  type GraphQLNamedType,
  GraphQLSchema,
  isInterfaceType,
  isNonNullType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from "graphql";

function isNodeType(type: GraphQLNamedType | null | undefined): boolean {
  if (!type || !(isObjectType(type) || isInterfaceType(type))) return false;
  const id = type.getFields().id;
  if (!id || !isNonNullType(id.type) || getNamedType(id.type).name !== "ID") return false;
  return type.name === "Node" || type.getInterfaces().some((i) => i.name === "Node");
}

const idField: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: "id" } };

export function addNodeIds(schema: GraphQLSchema, document: DocumentNode): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet(node: SelectionSetNode): SelectionSetNode | undefined {
        if (!isNodeType(typeInfo.getParentType())) return undefined;
        const hasId = node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "id" && !s.alias);
        return hasId ? undefined : { ...node, selections: [idField, ...node.selections] };
      },
    }),
  );
}

export const addNodeIdsDocumentTransform: Types.DocumentTransformObject = {
  transform({ documents, schema }) {
    const executable = schema instanceof GraphQLSchema ? schema : buildASTSchema(schema as DocumentNode, { assumeValidSDL: true });
    return documents.map((file) => (file.document ? { ...file, document: addNodeIds(executable, file.document) } : file));
  },
};
