/**
 * Pagination benchmarks for `client.paginate` (the built dist, default options), against a stub
 * server in its own process:
 * 1. Exporting 100,000 connections at 100 and 1,000 per page: a hand-written raw `fetch` loop,
 *    `for await` over paginate's items and `.pages()`, each in a child process of its own per round,
 *    rounds in rotating order, median of the per-round ratios to the raw loop.
 * 2. Peak RSS of a child process streaming 100,000 and 1,000,000 connections.
 * 3. A consumer that spends as long on each page as the server takes to serve it: wall time
 *    with prefetch (default) vs `prefetch: 0`.
 * Run: `pnpm build && pnpm bench`.
 */
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { apiKeyHeader } from "@junction/openapi-types";

const dist = new URL("../dist/index.js", import.meta.url);
if (!existsSync(dist)) throw new Error("bench measures the build: run `pnpm build` first.");
const { createJunctionClient } = (await import(dist.href)) as typeof import("../src/index.js");

const apiKey = "bench-key-not-a-secret";
const scale = Number(process.env.BENCH_SCALE ?? 1);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
/** The loop a team writes by hand: raw fetch, token in the body, stop on a null token. */
async function rawLoop(baseUrl: string, onPage?: () => Promise<unknown>): Promise<number> {
  let count = 0;
  let token: string | null = null;
  do {
    const res = await fetch(`${baseUrl}/v2/link/bulk_export`, {
      method: "POST",
      headers: { "content-type": "application/json", [apiKeyHeader]: apiKey },
      body: JSON.stringify({ provider: "oura", next_token: token }),
    });
    const page = (await res.json()) as { data: unknown[]; next_token: string | null };
    for (const _ of page.data) count++;
    token = page.next_token;
    await onPage?.();
  } while (token);
  return count;
}

async function paginateAll(baseUrl: string, prefetch?: number, onPage?: () => Promise<unknown>): Promise<number> {
  const client = createJunctionClient({ baseUrl, apiKey });
  const paginator = client.paginate("POST", "/v2/link/bulk_export", { body: { provider: "oura" } }, { prefetch });
  let count = 0;
  if (!onPage) {
    for await (const _ of paginator) count++;
    return count;
  }
  for await (const page of paginator.pages()) {
    for (const _ of page.items) count++;
    await onPage();
  }
  return count;
}

/** The same walk page by page: `.pages()`, items counted in a plain loop. */
async function paginatePages(baseUrl: string, prefetch?: number): Promise<number> {
  const client = createJunctionClient({ baseUrl, apiKey });
  const init = { body: { provider: "oura" } } as const;
  let count = 0;
  for await (const page of client.paginate("POST", "/v2/link/bulk_export", init, { prefetch }).pages()) {
    for (const _ of page.items) count++;
  }
  return count;
}

// Child mode: one contender exports `PAGING_TOTAL` connections, twice to warm up, then `PAGING_RUNS`
// times; reports the median wall and CPU time of one export. A process per contender: neither
// bills the other for its garbage or its JIT state.
if (process.env.PAGING_CONTENDER) {
  const url = process.env.PAGING_URL as string;
  const total = Number(process.env.PAGING_TOTAL);
  const contender = process.env.PAGING_CONTENDER;
  const prefetch = process.env.PAGING_PREFETCH ? Number(process.env.PAGING_PREFETCH) : undefined;
  const run = () =>
    contender === "raw"
      ? rawLoop(url)
      : contender === "pages"
        ? paginatePages(url, prefetch)
        : paginateAll(url, prefetch);
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = -2; i < Number(process.env.PAGING_RUNS); i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const count = await run();
    const used = process.cpuUsage(cpuBefore);
    if (count !== total) throw new Error(`${contender} exported ${count} of ${total} connections`);
    if (i < 0) continue;
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  process.send?.({ wallMs: median(wall), cpuMs: median(cpu) });
  process.exit(0);
}

// Child mode: stream `total` connections through paginate and report the peak RSS.
if (process.env.PAGING_MEMORY_URL) {
  const client = createJunctionClient({ baseUrl: process.env.PAGING_MEMORY_URL, apiKey });
  let count = 0;
  for await (const _ of client.paginate("POST", "/v2/link/bulk_export", { body: { provider: "oura" } })) count++;
  process.send?.({ count, maxRssKiB: process.resourceUsage().maxRSS });
  process.exit(0);
}

const server = fork(here("./paging-server.ts"), {
  execArgv: ["--import", "tsx"],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const { port } = await new Promise<{ port: number }>((resolve) =>
  server.once("message", (m) => resolve(m as { port: number })),
);
const base = (total: number, pageSize: number, delayMs = 0) =>
  `http://127.0.0.1:${port}/${total}/${pageSize}/${delayMs}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timed(run: () => Promise<number>, expected: number): Promise<number> {
  const started = performance.now();
  const count = await run();
  if (count !== expected) throw new Error(`expected ${expected} connections, got ${count}`);
  return performance.now() - started;
}

const table = (header: string[], rows: string[][]) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log([line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n"));
};

// 1. Throughput against a raw fetch loop: a child process per contender and round, in rotating order.
const total = 100_000;
const rounds = Math.max(3, Math.round(14 * scale));
const runs = 5;
type Measured = { wallMs: number; cpuMs: number };
const measure = (contender: string, url: string) =>
  new Promise<Measured>((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), {
      execArgv: ["--import", "tsx"],
      env: {
        ...process.env,
        PAGING_CONTENDER: contender,
        PAGING_URL: url,
        PAGING_TOTAL: String(total),
        PAGING_RUNS: String(runs),
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    child.once("message", (m) => resolve(m as Measured));
    child.once("exit", (code) => code && reject(new Error(`${contender} run exited with ${code}`)));
  });
const contenders = [
  { key: "raw", name: "raw fetch loop" },
  { key: "items", name: "paginate, for await over items" },
  { key: "pages", name: "paginate, .pages()" },
];
const throughput: string[][] = [];
for (const pageSize of [100, 1000]) {
  const url = base(total, pageSize);
  const wall = new Map<string, number[]>(contenders.map((c) => [c.key, []]));
  const cpu = new Map<string, number[]>(contenders.map((c) => [c.key, []]));
  const ratios = new Map<string, number[]>(contenders.map((c) => [c.key, []]));
  const cpuRatios = new Map<string, number[]>(contenders.map((c) => [c.key, []]));
  for (let r = 0; r < rounds; r++) {
    const round = new Map<string, Measured>();
    const order = contenders.map((_, i) => contenders[(i + r) % contenders.length] as (typeof contenders)[number]);
    for (const c of order) round.set(c.key, await measure(c.key, url));
    const raw = round.get("raw") as Measured;
    for (const c of contenders) {
      const m = round.get(c.key) as Measured;
      wall.get(c.key)?.push(m.wallMs);
      cpu.get(c.key)?.push(m.cpuMs);
      ratios.get(c.key)?.push(m.wallMs / raw.wallMs);
      cpuRatios.get(c.key)?.push(m.cpuMs / raw.cpuMs);
    }
  }
  for (const c of contenders) {
    const r = [...(ratios.get(c.key) ?? [])].sort((a, b) => a - b);
    throughput.push([
      `${pageSize} per page`,
      c.name,
      median(wall.get(c.key) ?? []).toFixed(0),
      median(r).toFixed(3),
      `${(r[Math.floor(r.length / 4)] ?? 0).toFixed(2)}–${(r[Math.floor((3 * r.length) / 4)] ?? 0).toFixed(2)}`,
      median(cpuRatios.get(c.key) ?? []).toFixed(3),
    ]);
  }
}
console.log(
  `\nExport of ${total.toLocaleString("en")} connections: ${rounds} rounds, each contender in its own process ` +
    `per round (2 warm-up exports, median of ${runs}); ratios are against the raw loop of the same round, median over rounds`,
);
table(["pages", "contender", "ms", "× raw loop", "× raw, IQR", "CPU × raw"], throughput);

// 2. Peak memory while streaming.
const memory: string[][] = [];
// The last run caps V8's heap at 40 MiB: it only completes if memory does not grow with the data.
for (const [count, heapCap] of [
  [100_000, undefined],
  [1_000_000, undefined],
  [1_000_000, 40],
] as const) {
  const child = fork(fileURLToPath(import.meta.url), {
    execArgv: ["--import", "tsx", ...(heapCap ? [`--max-old-space-size=${heapCap}`] : [])],
    env: { ...process.env, PAGING_MEMORY_URL: base(count, 1000) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const report = await new Promise<{ count: number; maxRssKiB: number }>((resolve, reject) => {
    child.once("message", (m) => resolve(m as { count: number; maxRssKiB: number }));
    child.once("exit", (code) => code && reject(new Error(`memory run exited with ${code}`)));
  });
  if (report.count !== count) throw new Error(`memory run streamed ${report.count} of ${count}`);
  memory.push([
    count.toLocaleString("en"),
    "1000",
    heapCap ? `${heapCap} MiB` : "default",
    (report.maxRssKiB / 1024).toFixed(1),
  ]);
}
console.log("\nPeak RSS of a process streaming every connection through paginate");
table(["connections", "per page", "V8 old space", "peak RSS MiB"], memory);

// 3. Prefetch with a consumer as slow as the server.
const delayMs = 10;
const pages = 50;
const slowUrl = base(pages * 100, 100, delayMs);
const consumer = () => sleep(delayMs);
const withPrefetch: number[] = [];
const without: number[] = [];
for (let r = 0; r < Math.max(3, Math.round(3 * scale)); r++) {
  without.push(await timed(() => paginateAll(slowUrl, 0, consumer), pages * 100));
  withPrefetch.push(await timed(() => paginateAll(slowUrl, undefined, consumer), pages * 100));
}
const cut = 1 - median(withPrefetch) / median(without);
console.log(`\n${pages} pages, server ${delayMs} ms per page, consumer ${delayMs} ms per page, median`);
table(
  ["prefetch", "ms", "wall time vs prefetch 0"],
  [
    ["0 (off)", median(without).toFixed(0), "1.000"],
    ["1 (default)", median(withPrefetch).toFixed(0), `${(1 - cut).toFixed(3)} (${(cut * 100).toFixed(0)}% less)`],
  ],
);
server.disconnect();
