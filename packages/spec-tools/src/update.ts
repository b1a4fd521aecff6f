/**
 * `pnpm spec:update <file-or-url>`: vendors a new spec, regenerates every generated file, classifies
 * the change and writes the changeset. Nothing is written unless every step succeeded, and a failure
 * while writing puts every file back as it was.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative } from "node:path";
import { extractFacts } from "@junction/codegen";
import { specHash } from "./canonical.ts";
import { packageBumps, renderChangeset, renderSummary } from "./changeset.ts";
import { type Bump, compareSpecs, type SpecChange } from "./classify/index.ts";
import { generateAll } from "./generator.ts";
import { type Json, parseSpecText, readSource, stringifySpec } from "./spec-io.ts";
import { formatProblems, formatWarnings, validateSpec } from "./validate.ts";

/** The vendored spec, relative to the repository root. */
export const SPEC_PATH = "openapi/junction.yaml";

/** A refusal: the message says what was wrong and that nothing was changed. */
export class SpecUpdateError extends Error {
  override name = "SpecUpdateError";
}

export interface UpdateOptions {
  /** Path (relative to `cwd`) or http(s) URL of the new spec, JSON or YAML. */
  source: string;
  /** Repository root holding `openapi/`, `.changeset/` and the generated files. */
  root: string;
  /** Directory relative paths are resolved from. Default: `process.cwd()`. */
  cwd?: string;
  /** Called before each file is moved into place; a throw there tests the rollback. */
  onWrite?: (path: string) => void;
}

export interface UpdateResult {
  changes: SpecChange[];
  bumps: Record<string, Bump>;
  fromVersion: string;
  toVersion: string;
  /** SHA-256 of the canonical JSON of the vendored spec. */
  hash: string;
  /** Repository-relative paths written (the spec, generated files, the changeset). */
  written: string[];
  /** Repository-relative path of the changeset, or `null` when there was nothing to record. */
  changesetPath: string | null;
  /** What the command prints. */
  summary: string;
  /** Lint findings and the generator's notes on the new spec, grouped; empty when there are none. */
  warnings: string;
}

async function readIfExists(path: string): Promise<string | null> {
  return readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
}

/** A file system error as one line naming the repository file, e.g. "cannot write x.ts: EISDIR: ...". */
const cannotWrite = (path: string) => (error: Error) => {
  throw new Error(`cannot write ${path}: ${error.message}`, { cause: error });
};

/** Writes every file or none: temp files first, then renames; on failure the old contents come back. */
export async function writeAllOrNothing(
  root: string,
  files: { path: string; contents: string }[],
  onWrite?: (path: string) => void,
): Promise<void> {
  const suffix = `.spec-update-${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  const staged: { target: string; temp: string; previous: string | null }[] = [];
  try {
    for (const file of files) {
      const target = join(root, file.path);
      await mkdir(dirname(target), { recursive: true });
      const temp = target + suffix;
      staged.push({ target, temp, previous: await readIfExists(target).catch(cannotWrite(file.path)) });
      await writeFile(temp, file.contents).catch(cannotWrite(file.path));
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw error;
  }
  const moved: typeof staged = [];
  try {
    for (const entry of staged) {
      onWrite?.(relative(root, entry.target));
      await rename(entry.temp, entry.target).catch(cannotWrite(relative(root, entry.target)));
      moved.push(entry);
    }
  } catch (error) {
    for (const entry of moved.reverse()) {
      if (entry.previous === null) await rm(entry.target, { force: true });
      else await writeFile(entry.target, entry.previous);
    }
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw error;
  }
}

const safeFileName = (version: string) =>
  version.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "unversioned";

/** Runs the whole update. Throws {@link SpecUpdateError} (touching nothing) when the new spec is refused. */
export async function updateSpec(options: UpdateOptions): Promise<UpdateResult> {
  const { root } = options;
  const source = await readSource(options.source, options.cwd ?? process.cwd()).catch((error: Error) => {
    throw new SpecUpdateError(`${error.message}\nNothing was changed.`);
  });
  const untouched = `${SPEC_PATH} and the generated files were left untouched.`;
  let next: Json;
  try {
    next = parseSpecText(source.text, source.label);
  } catch (error) {
    throw new SpecUpdateError(`${(error as Error).message}\n${untouched}`);
  }
  const label = /^https?:/i.test(source.label) ? basename(new URL(source.label).pathname) || "spec" : source.label;
  const { errors: problems, warnings: lint } = await validateSpec(source.text, next, root, basename(label));
  if (problems.length > 0) {
    throw new SpecUpdateError(
      `${source.label} is not a valid OpenAPI document (${problems.length} error${problems.length === 1 ? "" : "s"}):\n` +
        `${formatProblems(problems, label)}\nFix the document (or ask for a fixed one) and run \`pnpm spec:update\` again. ${untouched}`,
    );
  }
  let generated: { path: string; contents: string }[];
  try {
    generated = await generateAll(next);
  } catch (error) {
    throw new SpecUpdateError(`The generator cannot handle ${source.label}: ${(error as Error).message}\n${untouched}`);
  }

  const notes = extractFacts(next).warnings.map((w) => `  ${w}`);
  const warnings = [formatWarnings(lint, label), notes.length ? `Generator notes:\n${notes.join("\n")}` : ""]
    .filter(Boolean)
    .join("\n");

  const specFile = join(root, SPEC_PATH);
  const currentText = await readIfExists(specFile);
  if (currentText === null) throw new SpecUpdateError(`${specFile} does not exist: is --root the repository root?`);
  const current = parseSpecText(currentText, SPEC_PATH);
  const hash = specHash(next);
  const fromVersion = String(current.info?.version ?? "?");
  const toVersion = String(next.info?.version ?? "?");
  const changes = await compareSpecs(current, next);
  const base = { changes, fromVersion, toVersion, hash };
  if (changes.length === 0) {
    const summary = renderSummary({ ...base, bumps: {}, changesetPath: null });
    return { ...base, bumps: {}, written: [], changesetPath: null, summary, warnings };
  }

  const files = [{ path: SPEC_PATH, contents: stringifySpec(next) }];
  for (const file of generated) {
    const current = await readIfExists(join(root, file.path)).catch(cannotWrite(file.path));
    if (current !== file.contents) files.push(file);
  }
  const bumps = packageBumps(changes, files.length > 1);
  // A pending changeset for the same version string is kept: each records its own change and marker.
  let changesetPath = `.changeset/spec-${safeFileName(toVersion)}.md`;
  for (let n = 2; (await readIfExists(join(root, changesetPath))) !== null; n++) {
    changesetPath = `.changeset/spec-${safeFileName(toVersion)}-${n}.md`;
  }
  files.push({ path: changesetPath, contents: renderChangeset({ ...base, bumps }) });
  await writeAllOrNothing(root, files, options.onWrite);
  const summary = renderSummary({ ...base, bumps, changesetPath });
  return { ...base, bumps, written: files.map((f) => f.path), changesetPath, summary, warnings };
}
