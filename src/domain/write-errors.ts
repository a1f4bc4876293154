// Expected failures of a write. The GraphQL schema exposes each as a member of a mutation's result
// union (src/schema/results.ts); the command-line tools print them.

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
    super(
      `Someone changed this since you read it: you sent version ${expectedVersion}, it is now at ${currentVersion}. ` +
        "Read it again and reapply your change.",
    );
  }
}

export class NotFoundError extends Error {
  readonly code = "NOT_FOUND";
}

export class DuplicateError extends Error {
  readonly code = "DUPLICATE";
}
