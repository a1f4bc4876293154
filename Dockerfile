# The service image. docker compose builds it; it serves DATABASE_URL (never the embedded
# PostgreSQL, which is for `npm start` on a developer machine).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci --include=dev && npm cache clean --force
COPY tsconfig.json codegen.ts ./
COPY src ./src
COPY client ./client
COPY web ./web
# The explorer's static assets (web/dist), served at / beside /graphql.
RUN node scripts/build-web.mjs --force
USER node
ENV HOST=0.0.0.0 PORT=4000
EXPOSE 4000
CMD ["node", "--import", "tsx", "src/server.ts"]
