/**
 * Export throughput of the built CLI per paging style, against a bare fetch loop over the same stateful
 * mock, as a ratio, in one run:
 *   pnpm --filter @junction/cli build && pnpm --filter @junction/cli bench [-- --rounds 3 --scale 1]
 *
 * The mock (no Prism validation, no fallback) runs in its own process. For each style (offset: users,
 * page: orders, cursor: a steps timeseries in pages of 10 groups, body token: the bulk export) each round runs the baseline
 * (bench/baseline.mjs: fetch, JSON.parse, write NDJSON; no fsync, no checkpoint, no checks) and
 * `junction export` into a file, in alternating order, both under /usr/bin/time -v for max RSS. Prints
 * medians and the CLI's time as a ratio of the baseline's. Not run in CI.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    /** Multiplies every data set's size. */
    scale: { type: "string", default: "1" },
  },
});
const rounds = Number(values.rounds);
const scale = Number(values.scale);
const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const baseline = fileURLToPath(new URL("./baseline.mjs", import.meta.url));
const mockCli = fileURLToPath(new URL("../../mock-server/src/cli.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));
const userId = "4a7c3a0e-9f0a-4d0e-8f3c-3f9b2b6c1d2e";
const startDate = "2022-01-01";

const sizes = { connections: 200_000 * scale, users: 100_000 * scale, orders: 50_000 * scale };
const styles = [
  { style: "offset", args: ["user.get_all", "--param", "limit=500"] },
  { style: "page", args: ["lab_tests.get_orders", "--param", "size=100"] },
  {
    style: "cursor",
    args: ["vitals.steps_grouped", "-p", `user_id=${userId}`, "-p", `start_date=${startDate}`],
  },
  { style: "body", args: ["link.bulk_export", "--body", '{"provider":"fitbit"}'] },
] as const;

interface Run {
  ms: number;
  maxRssKb: number;
  items: number;
}

async function timed(args: string[], out: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const child = spawn("/usr/bin/time", ["-v", ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const started = performance.now();
  const [code] = (await once(child, "close")) as [number];
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}:\n${stderr}`);
  const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
  const text = await readFile(out, "utf8");
  let items = 0;
  for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", at + 1)) items++;
  return { ms, maxRssKb, items };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const mock = spawn(
  tsx,
  [
    mockCli,
    "--no-validate",
    "--no-fallback",
    "--providers",
    "fitbit,oura,garmin",
    "--connections",
    String(sizes.connections),
    "--page-size",
    "1000",
    "--users",
    String(sizes.users),
    "--orders",
    String(sizes.orders),
    "--steps-page-size",
    "10",
  ],
  { stdio: ["ignore", "pipe", "inherit"] },
);
const [url] = ((await once(mock.stdout, "data")) as Buffer[]).map((b) => b.toString().trim());
const dir = await mkdtemp(join(tmpdir(), "junction-bench-"));
const env = { ...process.env, JUNCTION_API_KEY: "bench", USER_ID: userId, START_DATE: startDate };
try {
  const table: string[] = [];
  for (const { style, args } of styles) {
    const results: Record<"baseline" | "cli", Run[]> = { baseline: [], cli: [] };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? (["baseline", "cli"] as const) : (["cli", "baseline"] as const);
      for (const which of order) {
        const out = join(dir, `${style}-${which}.ndjson`);
        await rm(out, { force: true });
        await rm(`${out}.checkpoint.json`, { force: true });
        const command =
          which === "cli"
            ? [process.execPath, cli, "export", ...args, "--base-url", url as string, "-o", out, "-q"]
            : [process.execPath, baseline, style, url as string, out];
        const run = await timed(command, out, env);
        results[which].push(run);
        console.log(
          `${style.padEnd(6)} round ${round + 1} ${which.padEnd(8)} ${(run.ms / 1000).toFixed(2)} s, ` +
            `${Math.round((run.items * 1000) / run.ms)} items/s, max RSS ${(run.maxRssKb / 1024).toFixed(0)} MiB`,
        );
      }
    }
    const [base, mine] = [results.baseline, results.cli].map((runs) => ({
      ms: median(runs.map((r) => r.ms)),
      rss: median(runs.map((r) => r.maxRssKb)) / 1024,
      items: runs[0]?.items ?? 0,
    })) as [{ ms: number; rss: number; items: number }, { ms: number; rss: number; items: number }];
    if (base.items !== mine.items)
      throw new Error(`${style}: the CLI wrote ${mine.items} items, the baseline ${base.items}`);
    table.push(
      `| ${style.padEnd(6)} | ${args[0].padEnd(20)} | ${base.items.toLocaleString("en-US").padStart(9)} | ` +
        `${Math.round((base.items * 1000) / base.ms)
          .toLocaleString("en-US")
          .padStart(9)} | ` +
        `${Math.round((mine.items * 1000) / mine.ms)
          .toLocaleString("en-US")
          .padStart(9)} | ` +
        `${(mine.ms / base.ms).toFixed(2)} | ${base.rss.toFixed(0)} / ${mine.rss.toFixed(0)} MiB |`,
    );
  }
  console.log(`\n${rounds} rounds, medians; items/s of the baseline and the CLI, CLI time × baseline time:\n`);
  console.log(
    "| style  | operation            |     items | baseline/s |    CLI/s | × baseline | max RSS (base / CLI) |",
  );
  console.log(
    "| ------ | -------------------- | --------: | --------: | --------: | ---------: | -------------------- |",
  );
  for (const line of table) console.log(line);
} finally {
  mock.kill("SIGINT");
  await rm(dir, { recursive: true, force: true });
}
