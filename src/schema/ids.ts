import { decodeId } from "../builder.ts";
import { userError } from "../errors.ts";

/** Decode a global ID that must name a `typename`, or fail with INVALID_ID. */
export function globalIdOf(typename: string, globalId: string | number): number {
  const decoded = decodeId(String(globalId));
  const id = Number(decoded.id);
  if (decoded.typename !== typename || !Number.isSafeInteger(id) || id <= 0) {
    throw userError("INVALID_ID", `"${globalId}" is not the ID of a ${typename}`);
  }
  return id;
}
