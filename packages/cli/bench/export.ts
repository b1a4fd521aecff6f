/**
 * Export throughput and peak memory of the built CLI against the mock, in separate processes:
 *   pnpm --filter @junction/cli build && pnpm --filter @junction/cli bench [-- --connections 1000000 --rounds 3]
 *
 * The mock (one provider, so every connection is exported) runs in its own process. Each round runs
 * a baseline (a plain fetch loop following next_token and writing NDJSON to the same disk, no fsync or
 * checkpoint) and the CLI into a file, in alternating order, both under /usr/bin/time -v for max RSS.
 * Prints medians and the CLI's time as a ratio of the baseline's. Not run in CI.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    connections: { type: "string", default: "1000000" },
    "page-size": { type: "string", default: "1000" },
    rounds: { type: "string", default: "3" },
    validate: { type: "boolean", default: false },
  },
});
const connections = Number(values.connections);
const rounds = Number(values.rounds);
const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const mockCli = fileURLToPath(new URL("../../mock-server/src/cli.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

const baseline = `
const [url, out] = process.argv.slice(2);
const fs = require("node:fs");
const fd = fs.openSync(out, "w", 0o600);
let token = null, n = 0;
(async () => {
  do {
    const res = await fetch(url + "/v2/link/bulk_export", { method: "POST",
      headers: { "content-type": "application/json", "x-vital-api-key": "bench" },
      body: JSON.stringify({ provider: "fitbit", next_token: token }) });
    const page = await res.json();
    fs.writeSync(fd, page.data.map((c) => JSON.stringify(c) + "\\n").join(""));
    n += page.data.length; token = page.next_token;
  } while (token);
  fs.closeSync(fd);
})();`;

interface Run {
  ms: number;
  maxRssKb: number;
}

async function timed(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  const child = spawn("/usr/bin/time", ["-v", ...args], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const started = performance.now();
  const [code] = (await once(child, "close")) as [number];
  const ms = performance.now() - started;
  if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}:\n${stderr}`);
  const maxRssKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1]);
  return { ms, maxRssKb };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const mockArgs = ["--connections", String(connections), "--providers", "fitbit", "--page-size", values["page-size"]];
if (!values.validate) mockArgs.push("--no-validate");
const mock = spawn(tsx, [mockCli, ...mockArgs], { stdio: ["ignore", "pipe", "inherit"] });
const [url] = ((await once(mock.stdout, "data")) as Buffer[]).map((b) => b.toString().trim());
const dir = await mkdtemp(join(tmpdir(), "junction-bench-"));
const baselineScript = join(dir, "baseline.cjs");
await writeFile(baselineScript, baseline);
try {
  const results: Record<"baseline" | "cli", Run[]> = { baseline: [], cli: [] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (["baseline", "cli"] as const) : (["cli", "baseline"] as const);
    for (const which of order) {
      const out = join(dir, `${which}.ndjson`);
      await rm(out, { force: true });
      const run =
        which === "cli"
          ? await timed(
              [
                process.execPath,
                cli,
                "export-connections",
                "--provider",
                "fitbit",
                "--base-url",
                url as string,
                "-o",
                out,
                "-q",
                "--no-warn",
              ],
              { ...process.env, JUNCTION_API_KEY: "bench" },
            )
          : await timed([process.execPath, baselineScript, url as string, out]);
      const { size } = await stat(out);
      results[which].push(run);
      console.log(
        `round ${round + 1} ${which.padEnd(8)} ${(run.ms / 1000).toFixed(2)} s, ${Math.round((connections * 1000) / run.ms)} connections/s, max RSS ${(run.maxRssKb / 1024).toFixed(0)} MiB, ${(size / 2 ** 20).toFixed(0)} MiB written`,
      );
    }
  }
  const ms = { baseline: median(results.baseline.map((r) => r.ms)), cli: median(results.cli.map((r) => r.ms)) };
  console.log(
    `\n${connections.toLocaleString("en-US")} connections, pages of ${values["page-size"]}, Prism validation ${values.validate ? "on" : "off"}, ${rounds} rounds (medians):`,
  );
  for (const which of ["baseline", "cli"] as const) {
    const rss = median(results[which].map((r) => r.maxRssKb)) / 1024;
    console.log(
      `  ${which.padEnd(8)} ${(ms[which] / 1000).toFixed(2)} s  ${Math.round((connections * 1000) / ms[which]).toLocaleString("en-US")} connections/s  max RSS ${rss.toFixed(0)} MiB  ×${(ms[which] / ms.baseline).toFixed(2)} baseline time`,
    );
  }
} finally {
  mock.kill("SIGINT");
  await rm(dir, { recursive: true, force: true });
}
