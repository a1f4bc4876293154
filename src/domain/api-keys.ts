// API keys for writing. A key is shown once, when created; the database keeps only its SHA-256
// (keys are 32 random bytes, so a fast hash is enough) and a short prefix to recognise it by.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db.ts";

export type Role = "EDITOR" | "ADMIN";

export interface Viewer {
  keyId: number;
  name: string;
  role: Role;
}

const KEY_PREFIX = "smy_";

export function hashKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

export async function createApiKey(db: Db, input: { name: string; role: Role }) {
  const secret = randomBytes(32).toString("base64url");
  const key = `${KEY_PREFIX}${secret}`;
  const row = await db.apiKey.create({
    data: { name: input.name, role: input.role, prefix: key.slice(0, KEY_PREFIX.length + 8), hash: hashKey(key) },
  });
  return { key, apiKey: row };
}

export async function revokeApiKey(db: Db, id: number) {
  const result = await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return result.count === 1;
}

/**
 * The viewer an Authorization header names. `undefined`: no header (an anonymous reader); `null`:
 * a header with an unknown, revoked or malformed key.
 */
export async function viewerFromHeader(db: Db, header: string | null): Promise<Viewer | null | undefined> {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return null;
  const row = await db.apiKey.findUnique({ where: { hash: hashKey(match[1]!) } });
  if (!row || row.revokedAt) return null;
  return { keyId: row.id, name: row.name, role: row.role };
}
