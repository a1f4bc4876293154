// Expected failures of a write, as members of its result union (errors plugin). Clients branch on
// __typename; every one also has a `code`, like the GraphQL errors in `errors`.
import { builder } from "../builder.ts";

export class FieldError {
  constructor(
    readonly path: string[],
    readonly message: string,
  ) {}
}

export class ValidationError extends Error {
  readonly code = "VALIDATION_FAILED";
  constructor(readonly fieldErrors: FieldError[]) {
    super(`The input is invalid: ${fieldErrors.map((e) => `${e.path.join(".")}: ${e.message}`).join("; ")}`);
  }
}

export class ConflictError extends Error {
  readonly code = "CONFLICT";
  constructor(
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(`Someone changed this since you read it: you sent version ${expectedVersion}, it is now at ${currentVersion}. Read it again and reapply your change.`);
  }
}

export class NotFoundError extends Error {
  readonly code = "NOT_FOUND";
}

export class DuplicateError extends Error {
  readonly code = "DUPLICATE";
}

const UserError = builder.interfaceRef<Error & { code: string }>("UserError").implement({
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
