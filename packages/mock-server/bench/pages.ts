/**
 * Pages per second of a full bulk-export walk: straight to the backend (the baseline) and through
 * Prism's validating proxy, against one mock started as a separate process by the CLI.
 *   tsx bench/pages.ts [rounds]
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const rounds = Number(process.argv[2] ?? 5);
const headers = { "content-type": "application/json", "x-vital-api-key": "bench" };

async function walk(baseUrl: string): Promise<{ pages: number; ms: number }> {
  const started = performance.now();
  let pages = 0;
  let nextToken: string | null = null;
  do {
    const response: Response = await fetch(`${baseUrl}/v2/link/bulk_export`, {
      method: "POST",
      headers,
      body: JSON.stringify({ provider: "fitbit", next_token: nextToken }),
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
    nextToken = ((await response.json()) as { next_token: string | null }).next_token;
    pages++;
  } while (nextToken !== null);
  return { pages, ms: performance.now() - started };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

const spawned = performance.now();
const cli = spawn(
  join(packageDir, "node_modules/.bin/tsx"),
  ["src/cli.ts", "--connections", "20000", "--no-fallback"],
  {
    cwd: packageDir,
    stdio: ["ignore", "pipe", "pipe"],
  },
);
let stdout = "";
let stderr = "";
cli.stdout.on("data", (chunk: Buffer) => {
  stdout += chunk;
});
try {
  // The CLI prints its URL on stdout, then a line naming every part on stderr.
  await new Promise<void>((ok, fail) => {
    cli.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
      if (/Junction mock ready/.test(stderr)) ok();
    });
    cli.once("exit", () => fail(new Error(`the mock did not start:\n${stderr}`)));
  });
  const startupMs = performance.now() - spawned;
  const proxyUrl = stdout.trim();
  const backendUrl = /backend (http:\/\/[\d.:]+)/.exec(stderr)?.[1];
  if (!backendUrl) throw new Error(`no backend URL in the mock's output:\n${stderr}`);

  const rates: Record<string, number[]> = { backend: [], "prism proxy": [] };
  await walk(backendUrl);
  await walk(proxyUrl);
  for (let round = 0; round < rounds; round++) {
    for (const [name, url] of [
      ["backend", backendUrl],
      ["prism proxy", proxyUrl],
    ] as const) {
      const { pages, ms } = await walk(url);
      rates[name]?.push((pages / ms) * 1000);
    }
  }
  const baseline = median(rates.backend ?? []);
  console.log(`mock startup (CLI process, Prism proxy ready): ${Math.round(startupMs)} ms`);
  console.log(`median of ${rounds} full walks (fitbit, 20000 connections, 100 per page):`);
  for (const [name, values] of Object.entries(rates)) {
    const rate = median(values);
    console.log(`  ${name.padEnd(12)} ${rate.toFixed(0).padStart(6)} pages/s  ×${(rate / baseline).toFixed(2)}`);
  }
} finally {
  cli.kill("SIGTERM");
}
