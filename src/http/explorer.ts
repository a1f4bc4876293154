// The explorer (web/, built to web/dist by scripts/build-web.mjs) served beside /graphql:
//   /assets/*, /favicon.svg      the build's files (hashed names: cached for a year)
//   the page routes              index.html, which routes in the browser
//   any other path a browser     index.html with status 404 (the page says "not found")
//   navigates to (Accept: text/html)
// Everything else (GraphiQL and the API at /graphql, /health, /ready, /metrics, unknown paths
// asked for by a non-browser client) is left to the rest of the server, which answers 404 for
// what it does not know.
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Plugin } from "graphql-yoga";
import { repoRoot } from "../paths.ts";

export const explorerDist = join(repoRoot, "web", "dist");

/** The routes of web/src/router.tsx. */
export const EXPLORER_PAGE = /^\/(?:|search|(?:organisations|countries|summits|people|engagements|incidents)\/[^/]+\/?)$/;
const ASSET = /^\/(?:assets\/[A-Za-z0-9][A-Za-z0-9._-]*|favicon\.svg)$/;
const NOT_OURS = /^\/(?:graphql|health|ready|metrics)(?:\/|$)/;

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

// Nothing on a page may come from another host: scripts, styles, images and API calls are all 'self'.
export const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Summitry explorer not built</title></head>
<body><h1>The explorer is not built</h1><p>Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it when it is missing or stale). The API is at <a href="/graphql">/graphql</a>.</p></body></html>`;

function wantsHtml(request: Request) {
  return (request.headers.get("accept") ?? "").includes("text/html");
}

async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" || (err as NodeJS.ErrnoException).code === "EISDIR") return null;
    throw err;
  }
}

export function useExplorer({ dist = explorerDist }: { dist?: string } = {}): Plugin {
  return {
    // Not async: every request passes here, and a GraphQL POST should not pay for a promise.
    onRequest({ url, request, endResponse, fetchAPI }) {
      if (request.method !== "GET" && request.method !== "HEAD") return;
      const path = url.pathname;
      if (NOT_OURS.test(path)) return;
      return serve();
      async function serve() {
        const head = request.method === "HEAD";
        const respond = (body: Uint8Array | string | null, status: number, headers: Record<string, string>) =>
          endResponse(new fetchAPI.Response(head || body === null ? null : typeof body === "string" ? body : new Uint8Array(body), { status, headers: { "x-content-type-options": "nosniff", ...headers } }));

        if (ASSET.test(path)) {
          const file = await readOrNull(join(dist, path));
          if (!file) return; // the server's own 404
          const immutable = path.startsWith("/assets/");
          return respond(file, 200, {
            "content-type": TYPES[extname(path)] ?? "application/octet-stream",
            "content-length": String(file.length),
            "cache-control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600",
          });
        }

        const page = EXPLORER_PAGE.test(path);
        if (!page && !wantsHtml(request)) return;
        const html = await readOrNull(join(dist, "index.html"));
        const headers = {
          "content-type": "text/html; charset=utf-8",
          "cache-control": "no-cache",
          "content-security-policy": EXPLORER_CSP,
          "referrer-policy": "no-referrer",
        };
        if (!html) return respond(NOT_BUILT, 503, headers);
        return respond(html, page ? 200 : 404, headers);
      }
    },
  };
}
