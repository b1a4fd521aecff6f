import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built CLI (the test script runs tsup first). */
export const cliPath = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

/** A distinctive key: no test output may ever contain it. */
export const apiKey = "sk-test-cli-SECRET-4242";

/** Connection `n` of a bulk export, with its OAuth tokens. */
export const connection = (n: number) => ({
  user_id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  provider_id: `p${n}`,
  access_token: `at-${n}`,
  refresh_token: `rt-${n}`,
  expires_at: 1_900_000_000,
  oauth_scopes: null,
});

/** Environment of a CLI run: this process's, with the key set, minus whatever is `undefined`. */
export function cliEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, JUNCTION_API_KEY: apiKey, ...extra };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  return env;
}

/** Starts the CLI with `args`; stdout and stderr are collected. */
export function spawnCli(args: string[], env = cliEnv()): ChildProcess & { output: Promise<CliResult> } {
  const child = spawn(process.execPath, [cliPath, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const output = new Promise<CliResult>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return Object.assign(child, { output });
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to the end. */
export function runCli(args: string[], env = cliEnv()): Promise<CliResult> {
  return spawnCli(args, env).output;
}

/** A fresh temporary directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "junction-cli-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The connections of an NDJSON file, failing on any line that is not a whole JSON object. */
export async function readNdjson(path: string): Promise<unknown[]> {
  const text = await readFile(path, "utf8");
  if (text !== "" && !text.endsWith("\n")) throw new Error(`${path} ends with a half-written line`);
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line));
}

/** Waits until `check` returns true, polling every `everyMs`. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Pages recorded by the checkpoint of `out`, or -1 when there is none yet (or it is being replaced). */
export async function checkpointPages(out: string): Promise<number> {
  try {
    return (JSON.parse(await readFile(`${out}.checkpoint.json`, "utf8")) as { pages: number }).pages;
  } catch {
    return -1;
  }
}
