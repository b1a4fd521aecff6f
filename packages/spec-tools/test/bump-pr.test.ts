/**
 * `spec:bump-pr`: the dry run prints the pull request and touches nothing; the real run commits the
 * regenerated files on the bump's branch, pushes it to a real (local, bare) git remote and asks `gh`
 * (here a stand-in script on PATH that records its arguments) to open the pull request, only after the
 * test command passed.
 */
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bumpPullRequest } from "../src/bump-pr.ts";
import { stringifySpec } from "../src/spec-io.ts";
import { base, baseText, mutate } from "./support/base-spec.ts";
import { makeTempRepo, repoRoot, type TempRepo } from "./support/repo.ts";

const run = promisify(execFile);
const cli = join(repoRoot, "packages/spec-tools/src/cli.ts");
const tsx = join(repoRoot, "packages/spec-tools/node_modules/.bin/tsx");

const next = mutate(base, (d) => {
  d.info.version = "1.1.0";
  d.components.schemas.OAuthProviders.enum.push("garmin");
});

let repo: TempRepo;
let scratch: string;
beforeEach(async () => {
  repo = await makeTempRepo(baseText);
  scratch = await mkdtemp(join(tmpdir(), "spec-bump-test-"));
  await writeFile(join(scratch, "next.yaml"), stringifySpec(next));
});
afterEach(async () => {
  await repo.remove();
  await rm(scratch, { recursive: true, force: true });
});

describe("spec:bump-pr --dry-run", () => {
  it("prints the branch, title, files and body (the spec:update summary), and changes nothing", async () => {
    const before = await repo.snapshot();
    const { stdout } = await run(tsx, [cli, "bump-pr", "--dry-run", join(scratch, "next.yaml"), "--root", repo.root]);
    expect(stdout).toContain("Dry run: the pull request that would be opened");
    expect(stdout).toContain("branch: spec-bump/1.1.0");
    expect(stdout).toContain("title:  Junction API spec 1.0.0 → 1.1.0 (minor)");
    expect(stdout).toMatch(/files:\n {2}openapi\/junction\.yaml\n(.*\n)* {2}\.changeset\/spec-1\.1\.0\.md/);
    expect(stdout).toContain("- added value `garmin` to non-exhaustive enum `OAuthProviders`");
    expect(await repo.snapshot()).toEqual(before);
  });

  it("says there is nothing to open when the spec is unchanged", async () => {
    await writeFile(join(scratch, "same.yaml"), baseText);
    const { stdout } = await run(tsx, [cli, "bump-pr", "--dry-run", join(scratch, "same.yaml"), "--root", repo.root]);
    expect(stdout).toContain("No pull request: nothing to change.");
  });
});

describe("spec:bump-pr", () => {
  const git = (cwd: string, ...args: string[]) => run("git", args, { cwd }).then((r) => r.stdout.trim());
  let remote: string;
  let ghLog: string;
  let path: string | undefined;

  beforeEach(async () => {
    remote = join(scratch, "remote.git");
    await git(scratch, "init", "-q", "--bare", remote);
    await git(repo.root, "init", "-q", "-b", "main");
    await git(repo.root, "config", "user.email", "bot@example.test");
    await git(repo.root, "config", "user.name", "Spec bot");
    await git(repo.root, "add", ".");
    await git(repo.root, "commit", "-qm", "base");
    await git(repo.root, "remote", "add", "origin", remote);
    // A stand-in for the GitHub CLI: records its arguments and the body file's contents.
    const bin = join(scratch, "bin");
    await mkdir(bin);
    ghLog = join(scratch, "gh.log");
    await writeFile(
      join(bin, "gh"),
      `#!/bin/sh\necho "$*" >> "${ghLog}"\nfor a in "$@"; do case "$prev" in --body-file) cat "$a" >> "${ghLog}";; esac; prev="$a"; done\n`,
    );
    await chmod(join(bin, "gh"), 0o755);
    path = process.env.PATH;
    process.env.PATH = `${bin}:${path}`;
  });
  afterEach(() => {
    process.env.PATH = path;
  });

  it("commits the regenerated files on its branch, pushes, and opens the pull request with the summary", async () => {
    const printed: string[] = [];
    const testMarker = join(scratch, "tests-ran");
    const pr = await bumpPullRequest({
      source: join(scratch, "next.yaml"),
      root: repo.root,
      cwd: repo.root,
      dryRun: false,
      testCommand: ["sh", "-c", `touch ${testMarker}`],
      print: (t) => printed.push(t),
    });
    expect(pr?.branch).toBe("spec-bump/1.1.0");
    await expect(readFile(testMarker, "utf8")).resolves.toBe("");
    const pushed = await git(remote, "show", "--stat", "--format=%s", "spec-bump/1.1.0");
    expect(pushed).toContain("Junction API spec 1.0.0 → 1.1.0 (minor)");
    expect(pushed).toContain(".changeset/spec-1.1.0.md");
    expect(pushed).toContain("openapi/junction.yaml");
    const gh = await readFile(ghLog, "utf8");
    expect(gh).toContain("pr create --head spec-bump/1.1.0 --title Junction API spec 1.0.0 → 1.1.0 (minor)");
    expect(gh).toContain("- added value `garmin` to non-exhaustive enum `OAuthProviders`");
    expect(printed.join("\n")).toContain("Opened or updated the pull request");
  });

  it("opens nothing when the test command fails", async () => {
    await expect(
      bumpPullRequest({
        source: join(scratch, "next.yaml"),
        root: repo.root,
        cwd: repo.root,
        dryRun: false,
        testCommand: ["sh", "-c", "exit 3"],
        print: () => {},
      }),
    ).rejects.toThrow("`sh -c exit 3` failed (exit 3)");
    expect(await git(remote, "branch", "--list")).toBe("");
    await expect(readFile(ghLog, "utf8")).rejects.toThrow(/ENOENT/);
  });
});
