/**
 * Per-request cost of @junction/client (the built dist, defaults: retries, timeouts and auth on)
 * against raw `fetch` and plain openapi-fetch, on a stub server in a separate process (keep-alive,
 * canned bulk-export pages of 10 and 1,000 connections). Each round runs one batch per contender in
 * random order; a contender's ratio is the median over rounds of (its batch ÷ raw fetch's batch in
 * the same round), which cancels the drift of a shared machine. Run: `pnpm build && pnpm bench`.
 */
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { apiKeyHeader, type paths } from "@junction/openapi-types";
import createClient from "openapi-fetch";

const dist = new URL("../dist/index.js", import.meta.url);
if (!existsSync(dist)) throw new Error("bench measures the build: run `pnpm build` first.");
const { createJunctionClient } = (await import(dist.href)) as typeof import("../src/index.js");

const scale = Number(process.env.BENCH_SCALE ?? 1);
const apiKey = "bench-key-not-a-secret";
const body = { provider: "oura" } as const;

const server = fork(fileURLToPath(new URL("./stub-server.ts", import.meta.url)), {
  execArgv: ["--import", "tsx"],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
type Ready = { port: number; sizes: Record<string, number> };
const { port, sizes } = await new Promise<Ready>((resolve) => server.once("message", (m) => resolve(m as Ready)));

type Contender = { name: string; run: () => Promise<{ data: unknown[] } | undefined> };
function contenders(prefix: string): Contender[] {
  const baseUrl = `http://127.0.0.1:${port}/${prefix}`;
  const url = `${baseUrl}/v2/link/bulk_export`;
  const plain = createClient<paths>({ baseUrl, headers: { [apiKeyHeader]: apiKey } });
  const junction = createJunctionClient({ baseUrl, apiKey });
  return [
    {
      name: "raw fetch",
      run: async () => {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", [apiKeyHeader]: apiKey },
          body: JSON.stringify(body),
        });
        return res.json();
      },
    },
    { name: "openapi-fetch", run: async () => (await plain.POST("/v2/link/bulk_export", { body })).data },
    { name: "@junction/client", run: async () => (await junction.POST("/v2/link/bulk_export", { body })).data },
  ];
}

async function batch(c: Contender, n: number): Promise<{ us: number; cpuUs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) await c.run();
  const used = process.cpuUsage(cpu);
  return { us: ((performance.now() - started) * 1000) / n, cpuUs: (used.user + used.system) / n };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const shuffled = <T>(xs: T[]): T[] => {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

const rows: string[][] = [];
const cases = [
  { prefix: "small", items: 10, perBatch: 200, rounds: Math.round(60 * scale) },
  { prefix: "large", items: 1000, perBatch: 30, rounds: Math.round(50 * scale) },
];
for (const { prefix, items, perBatch, rounds } of cases) {
  const list = contenders(prefix);
  for (const c of list) {
    const page = await c.run();
    if (page?.data.length !== items) throw new Error(`${c.name} returned a wrong page`);
  }
  for (let w = 0; w < 5; w++) for (const c of list) await batch(c, perBatch);
  const us = new Map<string, number[]>(list.map((c) => [c.name, []]));
  const cpu = new Map<string, number[]>(list.map((c) => [c.name, []]));
  const ratios = new Map<string, number[]>(list.map((c) => [c.name, []]));
  for (let r = 0; r < rounds; r++) {
    const round = new Map<string, number>();
    for (const c of shuffled(list)) {
      const result = await batch(c, perBatch);
      round.set(c.name, result.us);
      us.get(c.name)?.push(result.us);
      cpu.get(c.name)?.push(result.cpuUs);
    }
    for (const c of list) ratios.get(c.name)?.push((round.get(c.name) ?? 0) / (round.get("raw fetch") ?? 1));
  }
  for (const c of list) {
    const r = [...(ratios.get(c.name) ?? [])].sort((a, b) => a - b);
    rows.push([
      `${items.toLocaleString("en")} connections (${((sizes[prefix] ?? 0) / 1024).toFixed(1)} KiB)`,
      c.name,
      median(us.get(c.name) ?? []).toFixed(0),
      median(r).toFixed(3),
      `${(r[Math.floor(r.length / 4)] ?? 0).toFixed(2)}–${(r[Math.floor((3 * r.length) / 4)] ?? 0).toFixed(2)}`,
      median(cpu.get(c.name) ?? []).toFixed(0),
    ]);
  }
}
server.disconnect();

const header = ["page", "client", "median µs/req", "× raw fetch", "× raw, IQR", "client CPU µs/req"];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
console.log(
  `Node ${process.version}, ${cases.map((c) => `${c.rounds} rounds × ${c.perBatch} requests`).join(" / ")}, ` +
    "sequential on keep-alive, stub server in a child process",
);
console.log(line(header));
console.log(line(widths.map((w) => "-".repeat(w))));
for (const r of rows) console.log(line(r));
