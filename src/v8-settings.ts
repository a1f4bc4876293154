// V8 settings for the server process, set before the modules that allocate most are loaded
// (src/server.ts imports this first; npm start, the image and the bench all run that file, so no
// launcher has to pass flags and nothing re-executes node). Measured in bench/RESULTS.md
// ("Memory"): peak RSS over the bench's load phase went from 520-680 MB to under 300.
import { setFlagsFromString } from "node:v8";

// On a machine with more than 16 GB, V8 lets the old generation grow to four times what survived
// the last full collection before it collects again. Under load most of what a request allocates
// outlives a young-generation collection (50 requests in flight for 200 ms each) and is promoted,
// so RSS followed the garbage: 300-400 MB of heap for 50-90 MB of live data. Growing by a quarter
// keeps the heap near its live size for a few percent of CPU (more frequent full collections of a
// small live heap). Unlike --max-old-space-size it caps nothing: the limit follows the live data,
// so many large answers in flight at once cannot exhaust the heap.
setFlagsFromString("--heap-growing-percent=25");

// Prisma's query compiler is WebAssembly. V8 recompiles its hot functions with TurboFan, whose
// compilation of those large functions allocated over 100 MB of short-lived memory on a worker
// thread at the first few model queries; glibc kept most of it (a 64 MB arena stayed resident). The
// compiler runs only when Prisma's query-plan cache misses (a query shape it has not seen), so its
// baseline (Liftoff) code costs nothing measurable per request.
setFlagsFromString("--liftoff-only");
