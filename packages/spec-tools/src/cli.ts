/**
 * spec-tools command line.
 *   update <file-or-url> [--root <dir>]   vendor a new spec, regenerate, write the changeset
 *   check [--root <dir>]                  fail when the vendored spec has no changeset marker
 *   validate [--root <dir>]               refuse an invalid vendored spec; print its lint warnings, grouped
 *   bump-pr [--dry-run] <file-or-url>     update, run the tests, open the pull request (dry run: print it)
 * Relative paths are resolved from `--cwd` (the root script passes the directory pnpm was started in,
 * its INIT_CWD, because turbo runs this in the package directory), else INIT_CWD, else the working directory.
 */

import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { escapeControls } from "@junction/codegen";
import { bumpPullRequest } from "./bump-pr.ts";
import { checkSpecRecorded } from "./check.ts";
import { parseSpecText } from "./spec-io.ts";
import { SPEC_PATH, SpecUpdateError, updateSpec } from "./update.ts";
import { formatProblems, formatWarnings, validateSpec } from "./validate.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const usage =
  "Usage: pnpm spec:update <file-or-url> [--root <dir>]\n       pnpm spec:check [--root <dir>]\n       pnpm spec:bump-pr [--dry-run] <file-or-url> [--root <dir>]\n       spec-tools validate [--root <dir>]";

/** Removes `flag <value>` from `args` and returns the value (`undefined` when absent). */
function takeOption(args: string[], flag: string): string | undefined {
  const at = args.indexOf(flag);
  if (at === -1) return undefined;
  const [, value] = args.splice(at, 2);
  if (!value) throw new UsageError(`${flag} needs a directory.`);
  return value;
}

class UsageError extends Error {}

// Everything printed may quote the spec: control characters are shown as `\uXXXX`, never sent to the terminal.
const print = (text: string) => console.log(escapeControls(text));
const printError = (text: string) => console.error(escapeControls(text));

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--");
  let cwd: string;
  let root = repoRoot;
  try {
    const given = takeOption(args, "--cwd");
    // An unexpanded "$INIT_CWD" (a shell without $-expansion) means: not given.
    cwd = given && !given.startsWith("$") ? given : (process.env.INIT_CWD ?? process.cwd());
    const rootOption = takeOption(args, "--root");
    if (rootOption) root = resolve(cwd, rootOption);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printError(`${error.message}\n${usage}`);
    return 2;
  }
  const [command, ...rest] = args;
  if (command === "check") {
    const result = await checkSpecRecorded(root);
    (result.ok ? print : printError)(result.message);
    return result.ok ? 0 : 1;
  }
  if (command === "validate") {
    const text = await readFile(join(root, SPEC_PATH), "utf8");
    const { errors, warnings } = await validateSpec(text, parseSpecText(text, SPEC_PATH), root, SPEC_PATH);
    if (errors.length > 0) {
      printError(`${SPEC_PATH} is not a valid OpenAPI document:\n${formatProblems(errors, SPEC_PATH)}`);
      return 1;
    }
    print(
      `${SPEC_PATH} is a valid OpenAPI document.${warnings.length ? `\n${formatWarnings(warnings, SPEC_PATH)}` : ""}`,
    );
    return 0;
  }
  if (command === "bump-pr") {
    const dryRun = rest.includes("--dry-run");
    const sources = rest.filter((a) => a !== "--dry-run");
    if (sources.length !== 1 || sources[0]?.startsWith("-")) {
      printError(`spec:bump-pr takes one argument (and --dry-run): the new spec's file path or http(s) URL.\n${usage}`);
      return 2;
    }
    try {
      await bumpPullRequest({ source: sources[0] as string, root, cwd, dryRun, print });
      return 0;
    } catch (error) {
      const refused = error instanceof SpecUpdateError;
      printError(`spec:bump-pr ${refused ? "refused" : "failed"}: ${(error as Error).message}`);
      return 1;
    }
  }
  if (command === "update") {
    if (rest.length !== 1 || rest[0]?.startsWith("-")) {
      printError(`spec:update takes one argument: the new spec's file path or http(s) URL.\n${usage}`);
      return 2;
    }
    const started = performance.now();
    try {
      const result = await updateSpec({ source: rest[0] as string, root, cwd });
      if (result.warnings) printError(result.warnings);
      print(result.summary);
      print(`(${Math.round(performance.now() - started)} ms)`);
      return 0;
    } catch (error) {
      if (error instanceof SpecUpdateError) {
        printError(`spec:update refused: ${error.message}`);
        return 1;
      }
      // A file system failure while writing (permissions, a full disk): every file was put back.
      printError(
        `spec:update failed: ${(error as Error).message}\nEvery file it had written was put back as it was; fix the cause and run it again.`,
      );
      return 1;
    }
  }
  printError(usage);
  return 2;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: Error) => {
  printError(`spec-tools: ${error.message}`);
  return 1;
});
