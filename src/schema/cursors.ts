// Opaque cursors for the connections we page ourselves (timeline, search, engagement pages):
// base64url JSON, checked on the way back in.
import { userError } from "../errors.ts";

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<T>(cursor: string, check: (v: unknown) => v is T): T {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (check(value)) return value;
  } catch {
    // fall through
  }
  throw userError("INVALID_CURSOR", `"${cursor}" is not a valid cursor for this connection`);
}

const isOffset = (v: unknown): v is { offset: number } =>
  typeof v === "object" && v !== null && Number.isSafeInteger((v as { offset: unknown }).offset) && (v as { offset: number }).offset >= 0;

/** Position-based cursors, for connections ordered by a rank or a window. */
export const encodeOffset = (offset: number) => encodeCursor({ offset });
export const decodeOffset = (cursor: string) => decodeCursor(cursor, isOffset).offset;
