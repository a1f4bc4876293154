// Expected failures of a write, as members of its result union (errors plugin). Clients branch on
// __typename; every one also has a `code`, like the GraphQL errors in `errors`.
import { builder } from "../builder.ts";
import { ConflictError, DuplicateError, FieldError, NotFoundError, ValidationError } from "../domain/write-errors.ts";

export { ConflictError, DuplicateError, FieldError, NotFoundError, ValidationError };

export const UserError = builder.interfaceRef<Error & { code: string }>("UserError").implement({
  description: "An expected failure of a write.",
  fields: (t) => ({
    message: t.exposeString("message"),
    code: t.exposeString("code"),
  }),
});

builder.objectType(FieldError, {
  name: "FieldError",
  description: "One invalid input field: its path from the mutation's arguments, and what is wrong.",
  fields: (t) => ({
    path: t.exposeStringList("path"),
    message: t.exposeString("message"),
  }),
});

builder.objectType(ValidationError, {
  name: "ValidationError",
  interfaces: [UserError],
  isTypeOf: (e) => e instanceof ValidationError,
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldError], resolve: (e) => e.fieldErrors }) }),
});

builder.objectType(ConflictError, {
  name: "ConflictError",
  interfaces: [UserError],
  isTypeOf: (e) => e instanceof ConflictError,
  fields: (t) => ({
    expectedVersion: t.exposeInt("expectedVersion"),
    currentVersion: t.exposeInt("currentVersion"),
  }),
});

builder.objectType(NotFoundError, {
  name: "NotFoundError",
  interfaces: [UserError],
  isTypeOf: (e) => e instanceof NotFoundError,
  fields: () => ({}),
});

builder.objectType(DuplicateError, {
  name: "DuplicateError",
  interfaces: [UserError],
  isTypeOf: (e) => e instanceof DuplicateError,
  fields: () => ({}),
});

/** The failures every fact write can end in. */
export const writeErrors = { types: [ValidationError, ConflictError, NotFoundError, DuplicateError] };
