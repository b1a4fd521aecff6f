/**
 * Fresh consumer projects outside the workspace: each installs the published packages with plain npm
 * from the local registry, type-checks a short program and runs it against the mock. TypeScript
 * (this workspace's, 5.9) and `@types/node` are the toolchain, not what is being tested, so they come
 * from this package instead of being downloaded for every project.
 */
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build } from "esbuild";
import { runInChromium } from "./browser.js";
import { cleanEnv, run } from "./processes.js";
import { consumerProgram, type ProgramResult, parseResult, programApiKey } from "./programs.js";

const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/lib/tsc.js");
const typeRoots = join(require.resolve("@types/node/package.json"), "..", "..");
export const typescriptVersion: string = require("typescript/package.json").version;

export interface Registry {
  url: string;
  npmrc: string;
}

/** npm with the local registry and nothing of this workspace's settings. */
export function npm(args: string[], cwd: string, registry: Registry, env: Record<string, string> = {}) {
  return run("npm", [...args, "--no-audit", "--no-fund", "--no-update-notifier"], {
    cwd,
    env: cleanEnv({ npm_config_userconfig: registry.npmrc, npm_config_registry: registry.url, ...env }),
    timeoutMs: 240_000,
  });
}

/** A project folder with a package.json, the given files, and the given packages installed from the registry. */
export async function createProject(
  dir: string,
  type: "module" | "commonjs",
  packages: string[],
  registry: Registry,
  files: Record<string, string>,
): Promise<void> {
  await writeFile(join(dir, "package.json"), `${JSON.stringify({ name: "consumer", private: true, type }, null, 2)}\n`);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  await npm(["install", ...packages], dir, registry);
}

/** tsconfig.json for a Node program compiled by tsc (`module: nodenext`, strict, library types checked too). */
export function nodenextTsconfig(): string {
  return tsconfig({
    module: "NodeNext",
    moduleResolution: "NodeNext",
    lib: ["ES2022"],
    types: ["node"],
    outDir: "dist",
  });
}

/** tsconfig.json of a bundled app (`moduleResolution: bundler`, strict, no emit: esbuild bundles). */
export function bundlerTsconfig(): string {
  return tsconfig({
    module: "ESNext",
    moduleResolution: "Bundler",
    lib: ["ES2022", "DOM"],
    types: ["node"],
    noEmit: true,
  });
}

function tsconfig(options: Record<string, unknown>): string {
  const compilerOptions = { target: "ES2022", strict: true, skipLibCheck: false, typeRoots: [typeRoots], ...options };
  return `${JSON.stringify({ compilerOptions, include: ["*.ts"] }, null, 2)}\n`;
}

/** Runs tsc in the project; its errors fail the rehearsal. */
export async function typecheck(dir: string): Promise<void> {
  await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir });
}

/** Runs a Node program of a consumer with `node` and returns its result line. */
export async function runNode(node: string, file: string, dir: string, apiUrl: string): Promise<ProgramResult> {
  const stdout = await run(node, [file], { cwd: dir, env: cleanEnv({ JUNCTION_BASE_URL: apiUrl }) });
  return parseResult(stdout);
}

/** Bundles `entry` with esbuild for `platform` into one ESM file; returns its path and size. */
export async function bundle(entry: string, outfile: string, platform: "node" | "browser") {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform,
    format: "esm",
    target: "es2022",
    logLevel: "silent",
  });
  return { outfile, bytes: (await stat(outfile)).size };
}

export { consumerProgram, programApiKey, runInChromium };

/** Throws unless a program's result is what a working SDK gives against the mock. */
export function checkResult(result: ProgramResult, expected: { connections: number; specVersion: string }): string {
  const problems: string[] = [];
  if (result.error) problems.push(`threw ${result.error}`);
  if (result.connections !== expected.connections) {
    problems.push(`${result.connections} connections on the first page, expected ${expected.connections}`);
  }
  if (result.firstUserId !== "string") problems.push(`user_id is ${result.firstUserId}`);
  if (result.invalid?.[0] !== true || result.invalid?.[1] !== 422) {
    problems.push(`the refused call gave ${JSON.stringify(result.invalid)}, expected a ValidationError 422`);
  }
  if (!result.sandbox?.startsWith("https://")) problems.push(`environments.sandbox is ${result.sandbox}`);
  if (result.specVersion !== expected.specVersion) problems.push(`specVersion ${result.specVersion}`);
  if (problems.length > 0) throw new Error(problems.join("; "));
  return `${result.connections} connections, ValidationError 422, spec ${result.specVersion}`;
}

/** Bytes of every file under `dir` (apparent size, as `du --apparent-size` counts). */
export async function dirSize(dir: string, skip: (name: string) => boolean = () => false): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await dirSize(path, skip);
    else if (entry.isFile()) total += (await stat(path)).size;
  }
  return total;
}

/** Every installed copy of `name` under `dir`'s node_modules trees, as paths. */
export async function copiesOf(dir: string, name: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (modules: string): Promise<void> => {
    let entries: string[];
    try {
      entries = await readdir(modules);
    } catch {
      return;
    }
    for (const entry of entries) {
      const names = entry.startsWith("@")
        ? (await readdir(join(modules, entry))).map((inner) => `${entry}/${inner}`)
        : [entry];
      for (const pkg of names) {
        if (pkg === name) found.push(join(modules, pkg));
        await walk(join(modules, pkg, "node_modules"));
      }
    }
  };
  await walk(join(dir, "node_modules"));
  return found;
}

/** The version in an installed package's package.json. */
export async function installedVersion(packageDir: string): Promise<string> {
  return (JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as { version: string }).version;
}
