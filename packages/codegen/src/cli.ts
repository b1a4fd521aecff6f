/**
 * `junction-codegen` (what `pnpm gen` runs): regenerates `src/generated/` of the package it runs in
 * from the vendored `openapi/junction.yaml`.
 * `--check` regenerates in memory and fails if the committed files differ.
 * `--spec <file>` and `--out <dir>` generate from another spec (a test fixture) into another folder.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { extractFacts } from "./facts.ts";
import { GENERATE_COMMAND, generate } from "./generate.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const argument = (flag: string): string | undefined => {
  const index = process.argv.indexOf(flag);
  return index === -1 ? undefined : process.argv[index + 1];
};
const specPath = resolve(argument("--spec") ?? join(repoRoot, "openapi/junction.yaml"));
const outDir = resolve(argument("--out") ?? "src/generated");
const check = process.argv.includes("--check");

const started = performance.now();
const doc = parse(await readFile(specPath, "utf8"));
const files = await generate(doc, relative(repoRoot, specPath));

const stale: string[] = [];
await mkdir(outDir, { recursive: true });
for (const [name, contents] of Object.entries(files)) {
  const target = join(outDir, name);
  const current = await readFile(target, "utf8").catch(() => null);
  if (current === contents) continue;
  if (check) stale.push(relative(repoRoot, target));
  else await writeFile(target, contents);
}

const ms = Math.round(performance.now() - started);
if (stale.length > 0) {
  console.error(
    `Generated files are out of date with ${relative(repoRoot, specPath)}:\n  ${stale.join("\n  ")}\n` +
      `Run \`${GENERATE_COMMAND}\` and commit the result.`,
  );
  process.exit(1);
}
if (!check) for (const warning of extractFacts(doc).warnings) console.warn(`warning: ${warning}`);
const sizes = Object.entries(files).map(([n, c]) => `${n} ${(Buffer.byteLength(c) / 1024).toFixed(1)} kB`);
console.log(`${check ? "Generated files are up to date" : "Generated"} (${sizes.join(", ")}) in ${ms} ms`);
