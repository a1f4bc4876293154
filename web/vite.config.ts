// The explorer's build: static assets in web/dist that the service serves (src/http/explorer.ts).
// `npx vite --config web/vite.config.ts` is a dev server that proxies /graphql to a running service.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  // Always the production build of React, also when NODE_ENV says test or development (vitest
  // builds it too): web/dist is what `npm start` serves.
  mode: "production",
  define: { "process.env.NODE_ENV": JSON.stringify("production") },
  oxc: { jsx: { runtime: "automatic", development: false } },
  base: "/",
  publicDir: "public",
  logLevel: "warn",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsDir: "assets",
    // No inline data: URLs, so the page's Content-Security-Policy can stay at 'self'.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: "es2022",
    // One bundle of about 100 kB gzipped (React, urql, the typed documents) for every page.
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: { "/graphql": "http://127.0.0.1:4000" },
  },
});
