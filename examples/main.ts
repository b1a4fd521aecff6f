/**
 * The main job (`pnpm start`): starts the local Junction mock (seeded connections, every request and
 * response validated against openapi/junction.yaml by Prism), runs the built `junction export-connections`
 * against it into examples/exports/ with live progress, then prints the first rows with tokens masked.
 * With --environment or --base-url it talks to that server instead, using JUNCTION_API_KEY.
 *
 *   pnpm start
 *   pnpm start -- --environment sandbox --provider oura
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type ConnectionRecipe, maskSecrets } from "@junction/client";
import { startMockServer } from "@junction/mock-server";
import { firstLines } from "./first-lines.js";

/** Options of {@link main}. */
export interface MainOptions {
  /** Provider to export. Default `"fitbit"`. */
  provider?: string;
  /** A named environment (the real API; needs `JUNCTION_API_KEY`). Default: none, the local mock. */
  environment?: string;
  /** An explicit server (needs `JUNCTION_API_KEY`). Default: none, the local mock. */
  baseUrl?: string;
  /** Connections in the mock's data set (all providers). Default `20000`. */
  connections?: number;
  /** Validate every mock request and answer with Prism. Default `true`. */
  validate?: boolean;
  /** Where the export file goes. Default: `examples/exports`. */
  outDir?: string;
  /** How many rows to show. Default `3`. */
  show?: number;
  /** Let the CLI print its progress, advice and summary on stderr. Default `true`. */
  progress?: boolean;
  /** Where lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** What {@link main} did. */
export interface MainResult {
  /** Exit code of the CLI. */
  code: number;
  /** The export file. */
  out: string;
  /** The first rows, tokens masked. */
  rows: unknown[];
}

/** Path of the built `junction` command of `@junction/cli` (`turbo run start` builds it first). */
export function junctionBin(): string {
  const manifest = createRequire(import.meta.url).resolve("@junction/cli/package.json");
  const { bin } = JSON.parse(readFileSync(manifest, "utf8")) as { bin: { junction: string } };
  const path = join(dirname(manifest), bin.junction);
  if (!existsSync(path)) throw new Error(`${path} is missing: build it with pnpm --filter @junction/cli build.`);
  return path;
}

/** Runs the export demo; see the file comment. */
export async function main(options: MainOptions = {}): Promise<MainResult> {
  const { provider = "fitbit", log = console.log } = options;
  const real = options.environment !== undefined || options.baseUrl !== undefined;
  const outDir = options.outDir ?? join(dirname(fileURLToPath(import.meta.url)), "exports");
  const out = join(outDir, `${options.environment ?? (real ? "custom" : "mock")}-${provider}.ndjson`);
  await mkdir(outDir, { recursive: true });

  const mock = real
    ? undefined
    : await startMockServer({
        connections: options.connections ?? 20_000,
        pageSize: 200,
        validate: options.validate ?? true,
      });
  try {
    const target = mock
      ? ["--base-url", mock.url]
      : options.environment !== undefined
        ? ["--environment", options.environment]
        : ["--base-url", options.baseUrl as string];
    // A real export that was interrupted continues; the mock's port changes every run, so it starts over.
    const again = !mock && existsSync(`${out}.checkpoint.json`) ? "--resume" : "--force";
    const args = ["export-connections", "--provider", provider, ...target, "--out", out, again];
    if (options.progress === false) args.push("--quiet", "--no-warn");
    log(
      mock
        ? `Local Junction mock on ${mock.url} (Prism validates every request and answer).`
        : `Exporting from ${target.join(" ")}.`,
    );
    log(`$ junction ${args.join(" ")}`);

    // The mock accepts any key; a real server gets the caller's JUNCTION_API_KEY.
    const env = mock ? { ...process.env, JUNCTION_API_KEY: "demo-key" } : process.env;
    const child = spawn(process.execPath, [junctionBin(), ...args], { stdio: ["ignore", "inherit", "inherit"], env });
    const [code] = (await once(child, "close")) as [number | null];
    if (code !== 0) return { code: code ?? 1, out, rows: [] };

    const rows = (await firstLines(out, options.show ?? 3)).map((line) =>
      maskSecrets(JSON.parse(line) as ConnectionRecipe),
    );
    log(`First rows of ${relative(process.cwd(), out)} (OAuth tokens masked; the file holds them, mode 0600):`);
    for (const row of rows) log(`  ${JSON.stringify(row)}`);
    return { code: 0, out, rows };
  } finally {
    await mock?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      provider: { type: "string" },
      environment: { type: "string" },
      "base-url": { type: "string" },
      connections: { type: "string" },
    },
  });
  const result = await main({
    provider: values.provider,
    environment: values.environment,
    baseUrl: values["base-url"],
    connections: values.connections === undefined ? undefined : Number(values.connections),
  });
  process.exitCode = result.code;
}
