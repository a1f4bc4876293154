// A TCP proxy in front of PostgreSQL that counts the SQL statements its clients send, whatever the
// client library: it reads the frontend side of the wire protocol and counts simple-protocol Query
// ('Q') and extended-protocol Execute ('E') messages. Everything is forwarded untouched.
//
// A 'Q' carrying several statements separated by ';' counts once; a Parse/Bind without Execute
// counts nothing. Used by run.ts only while measuring SQL per request, never under load (it costs
// CPU on the same 2 cores).
//
//   npx tsx bench/sqlcount-proxy.ts 6543 127.0.0.1:5432    (prints counts every second)
import net from "node:net";
import { fileURLToPath } from "node:url";
import { resolve } from "node:path";

export interface SqlCountProxy {
  port: number;
  /** Statements since start (or the last reset). */
  readonly statements: number;
  readonly byType: Record<string, number>;
  reset(): void;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

export async function startSqlCountProxy(opts: { port?: number; targetHost?: string; targetPort?: number }): Promise<SqlCountProxy> {
  const counts = { statements: 0, byType: {} as Record<string, number> };
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(opts.targetPort ?? 5432, opts.targetHost ?? "127.0.0.1");
    sockets.add(client);
    sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    upstream.pipe(client);
    let startup = true;
    let pending: Buffer = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      for (;;) {
        if (startup) {
          if (pending.length - at < 8) break;
          const len = pending.readInt32BE(at);
          if (pending.length - at < len) break;
          const code = pending.readInt32BE(at + 4);
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) startup = false;
          at += len;
        } else {
          if (pending.length - at < 5) break;
          const type = String.fromCharCode(pending[at]!);
          const len = pending.readInt32BE(at + 1);
          if (pending.length - at < 1 + len) break;
          if (type === "Q" || type === "E") {
            counts.statements++;
            counts.byType[type] = (counts.byType[type] ?? 0) + 1;
          }
          at += 1 + len;
        }
      }
      pending = at >= pending.length ? Buffer.alloc(0) : pending.subarray(at);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, "127.0.0.1", ok));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get statements() {
      return counts.statements;
    },
    get byType() {
      return { ...counts.byType };
    },
    reset() {
      counts.statements = 0;
      counts.byType = {};
    },
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [port = "6543", target = "127.0.0.1:5432"] = process.argv.slice(2);
  const [host, tport] = target.split(":");
  const proxy = await startSqlCountProxy({ port: Number(port), targetHost: host, targetPort: Number(tport) });
  console.log(`counting SQL on 127.0.0.1:${proxy.port} -> ${target}`);
  let last = -1;
  setInterval(() => {
    if (proxy.statements !== last) console.log(`statements: ${(last = proxy.statements)} ${JSON.stringify(proxy.byType)}`);
  }, 1000);
}
