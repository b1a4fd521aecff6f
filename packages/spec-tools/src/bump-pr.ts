/**
 * `pnpm spec:bump-pr [--dry-run] <file-or-url>`: what the scheduled spec-bump workflow runs. It vendors
 * the new spec (`spec:update`), runs the test command, and opens (or updates) a pull request holding the
 * regenerated packages and the changeset, whose body is the summary `spec:update` printed.
 *
 * `--dry-run` does the update in a temporary copy of the files it touches and prints the pull request it
 * would open; the repository, git and GitHub are left alone.
 */
import { execFile, spawn } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { openapiTypesOutDir } from "./generator.ts";
import { SPEC_PATH, type UpdateResult, updateSpec } from "./update.ts";

/** What a bump run needs; the commands are injectable so that a test can use a local remote and a fake `gh`. */
export interface BumpOptions {
  source: string;
  root: string;
  cwd: string;
  dryRun: boolean;
  /** The test command, run in `root` after the update; the pull request is opened only when it passes. */
  testCommand?: string[];
  /** Prints a line (the summary, the steps). */
  print?: (text: string) => void;
}

/** The pull request a bump opens. */
export interface BumpPullRequest {
  branch: string;
  title: string;
  body: string;
  files: string[];
}

/** Files `spec:update` reads and writes, relative to the repository root: all a dry run copies. */
const TOUCHED = [SPEC_PATH, ".changeset", "redocly.yaml", openapiTypesOutDir];

const run = promisify(execFile);

/** The pull request for an update's result, or `null` when the spec did not change. */
export function pullRequestOf(result: UpdateResult): BumpPullRequest | null {
  if (result.written.length === 0) return null;
  const version = result.toVersion.replace(/[^A-Za-z0-9._-]+/g, "-");
  const span =
    result.fromVersion === result.toVersion ? result.toVersion : `${result.fromVersion} → ${result.toVersion}`;
  const highest = Object.values(result.bumps)[0] ?? "patch";
  return {
    branch: `spec-bump/${version}`,
    title: `Junction API spec ${span} (${highest})`,
    body: [
      result.summary.replace(/\nWrote .*$/s, ""),
      "",
      "Opened by `pnpm spec:bump-pr` after `pnpm spec:update` and the test command passed.",
      result.warnings
        ? `\n<details><summary>Spec warnings</summary>\n\n\`\`\`\n${result.warnings}\n\`\`\`\n</details>`
        : "",
    ].join("\n"),
    files: result.written,
  };
}

/** Runs a command with its output on this process's, failing with its exit code. */
function runVisible(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`\`${[command, ...args].join(" ")}\` failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

/** Describes a pull request in the form both modes print. */
export function describePullRequest(pr: BumpPullRequest): string {
  return [
    `branch: ${pr.branch}`,
    `title:  ${pr.title}`,
    "files:",
    ...pr.files.map((f) => `  ${f}`),
    "",
    "body:",
    pr.body,
  ].join("\n");
}

/** Runs the bump; returns the pull request opened (or that would be), or `null` when nothing changed. */
export async function bumpPullRequest(options: BumpOptions): Promise<BumpPullRequest | null> {
  const print = options.print ?? console.log;
  const root = options.dryRun ? await mkdtemp(join(tmpdir(), "junction-spec-bump-")) : options.root;
  try {
    if (options.dryRun) {
      for (const path of TOUCHED) await cp(join(options.root, path), join(root, path), { recursive: true });
    }
    const result = await updateSpec({ source: options.source, root, cwd: options.cwd });
    const pr = pullRequestOf(result);
    if (pr === null) {
      print(`${result.summary}\nNo pull request: nothing to change.`);
      return null;
    }
    if (options.dryRun) {
      print(
        `Dry run: the pull request that would be opened (tests not run, nothing pushed):\n\n${describePullRequest(pr)}`,
      );
      return pr;
    }
    const [test, ...testArgs] = options.testCommand ?? ["pnpm", "test"];
    print(`Running the test command: ${options.testCommand?.join(" ") ?? "pnpm test"}`);
    await runVisible(test as string, testArgs, root);
    await openPullRequest(pr, root);
    print(`Opened or updated the pull request:\n\n${describePullRequest(pr)}`);
    return pr;
  } finally {
    if (options.dryRun) await rm(root, { recursive: true, force: true });
  }
}

/** Commits the files on the bump's branch, pushes it, and opens the pull request (or edits the open one). */
async function openPullRequest(pr: BumpPullRequest, root: string): Promise<void> {
  const git = (...args: string[]) => run("git", args, { cwd: root });
  const bodyDir = await mkdtemp(join(tmpdir(), "junction-spec-bump-body-"));
  const bodyFile = join(bodyDir, "body.md");
  await writeFile(bodyFile, pr.body);
  await git("checkout", "-B", pr.branch);
  await git("add", "--", ...pr.files);
  await git("commit", "-m", pr.title, "-m", pr.body);
  await git("push", "--force", "origin", `HEAD:refs/heads/${pr.branch}`);
  const open = await run(
    "gh",
    ["pr", "list", "--head", pr.branch, "--state", "open", "--json", "number", "--jq", ".[0].number"],
    {
      cwd: root,
    },
  );
  const number = open.stdout.trim();
  const gh = number
    ? ["pr", "edit", number, "--title", pr.title, "--body-file", bodyFile]
    : ["pr", "create", "--head", pr.branch, "--title", pr.title, "--body-file", bodyFile];
  await run("gh", gh, { cwd: root }).finally(() => rm(bodyDir, { recursive: true, force: true }));
}
