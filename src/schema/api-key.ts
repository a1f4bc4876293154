import { builder } from "../builder.ts";
import { db } from "../db.ts";
import { createApiKey, revokeApiKey } from "../domain/api-keys.ts";
import { withId } from "./fields.ts";
import { globalIdOf } from "./ids.ts";
import { NotFoundError, ValidationError, FieldError } from "./results.ts";

export const Role = builder.enumType("Role", {
  description: "What an API key may do. Reading needs no key.",
  values: {
    EDITOR: { description: "Write facts: create, update, retract, set an engagement's status." },
    ADMIN: { description: "What an EDITOR may, and manage API keys and import datasets." },
  } as const,
});

export const ApiKey = builder.prismaNode("ApiKey", {
  id: { field: "id" },
  nullable: true,
  description: "An API key: never the key itself, which is shown once, when created. Only an ADMIN may read one, by any path.",
  // On the type, not only on apiKeys: node(id:), nodes(ids:) and every other field that returns
  // a key check it too.
  authScopes: { admin: true },
  fields: (t) => ({
    name: t.exposeString("name", { description: "Who or what uses the key; the change log records it as the actor." }),
    prefix: t.exposeString("prefix", { description: "The key's first characters, to recognise it by." }),
    role: t.expose("role", { type: Role, description: "What the key may do." }),
    createdAt: t.expose("createdAt", { type: "DateTime", description: "When the key was created." }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true, description: "When it was revoked (it no longer works); null while it is valid." }),
  }),
});

const CreatedApiKey = builder.objectRef<{ key: string; apiKey: { id: number } }>("CreatedApiKey").implement({
  description: "A new API key, and the one chance to read it.",
  fields: (t) => ({
    key: t.string({ description: "The key. It is shown this once and cannot be recovered.", resolve: (r) => r.key }),
    apiKey: t.prismaField({
      type: "ApiKey",
      description: "What is stored about it.",
      resolve: (query, r) => db().apiKey.findUniqueOrThrow({ ...withId(query), where: { id: r.apiKey.id } }),
    }),
  }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    authScopes: { admin: true },
    description: "Create an API key (ADMIN). The answer holds the key itself, which is never shown again.",
    errors: { types: [ValidationError], dataField: { description: "The new key." } },
    args: { name: t.arg.string({ required: true }), role: t.arg({ type: Role, required: true }) },
    resolve: (_root, args) => {
      const name = args.name.trim();
      if (!name || name.length > 100) throw new ValidationError([new FieldError(["name"], "must be 1 to 100 characters")]);
      return createApiKey(db(), { name, role: args.role });
    },
  }),
  revokeApiKey: t.prismaField({
    type: "ApiKey",
    authScopes: { admin: true },
    description: "Revoke an API key (ADMIN): from now on it is refused. Revoking a revoked key changes nothing.",
    errors: { types: [NotFoundError], dataField: { description: "The key, with revokedAt set." } },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args) => {
      const id = globalIdOf("ApiKey", args.id);
      await revokeApiKey(db(), id);
      const row = await db().apiKey.findUnique({ ...withId(query), where: { id } });
      if (!row) throw new NotFoundError("No such API key.");
      return row;
    },
  }),
}));

builder.queryFields((t) => ({
  apiKeys: t.prismaConnection({
    type: "ApiKey",
    cursor: "id",
    authScopes: { admin: true },
    description: "API keys, newest first (ADMIN).",
    resolve: (query) => db().apiKey.findMany({ ...query, orderBy: { id: "desc" } }),
  }),
}));
