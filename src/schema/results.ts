// Expected failures of a write, as members of its result union (errors plugin). Clients branch on
// __typename; every one also has a `code`, like the GraphQL errors in `errors`.
import { builder } from "../builder.ts";
import { ConflictError, DuplicateError, FieldError, NotFoundError, ValidationError } from "../domain/write-errors.ts";

export { ConflictError, DuplicateError, FieldError, NotFoundError, ValidationError };

export const UserError = builder.interfaceRef<Error & { code: string }>("UserError").implement({
  description: "An expected failure of a write.",
  fields: (t) => ({
    message: t.exposeString("message", { description: "What went wrong, for a person to read." }),
    code: t.exposeString("code", { description: "The same code a GraphQL error's extensions.code would carry, e.g. CONFLICT, for a program to branch on." }),
  }),
});

builder.objectType(FieldError, {
  name: "FieldError",
  description: "One invalid input field: its path from the mutation's arguments, and what is wrong.",
  fields: (t) => ({
    path: t.exposeStringList("path", { description: 'The field, from the mutation\'s arguments down, e.g. ["input", "participants", "0", "country"].' }),
    message: t.exposeString("message", { description: "What is wrong with its value." }),
  }),
});

builder.objectType(ValidationError, {
  name: "ValidationError",
  interfaces: [UserError],
  description: "The input breaks a rule of the data (code VALIDATION_FAILED); nothing was written.",
  isTypeOf: (e) => e instanceof ValidationError,
  fields: (t) => ({
    fieldErrors: t.field({ type: [FieldError], description: "Every invalid field, not only the first.", resolve: (e) => e.fieldErrors }),
  }),
});

builder.objectType(ConflictError, {
  name: "ConflictError",
  interfaces: [UserError],
  description: "Someone changed the row since you read it (code CONFLICT); nothing was written: read it again and reapply.",
  isTypeOf: (e) => e instanceof ConflictError,
  fields: (t) => ({
    expectedVersion: t.exposeInt("expectedVersion", { description: "The version you sent." }),
    currentVersion: t.exposeInt("currentVersion", { description: "The row's version now." }),
  }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  interfaces: [UserError],
  description: "A row the write names does not exist (code NOT_FOUND).",
  isTypeOf: (e) => e instanceof NotFoundError,
  fields: () => ({}),
});

builder.objectType(DuplicateError, {
  name: "DuplicateError",
  interfaces: [UserError],
  description: "A row with the same natural key (slug, URL, code ...) already exists (code DUPLICATE).",
  isTypeOf: (e) => e instanceof DuplicateError,
  fields: () => ({}),
});

/** The failures every fact write can end in. */
export const writeErrors = {
  types: [ValidationError, ConflictError, NotFoundError, DuplicateError],
  dataField: { description: "The row as written (its new version included)." },
};
