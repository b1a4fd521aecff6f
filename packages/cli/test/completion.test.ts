/**
 * `junction completion bash`: the script is sourced in a real bash, the completion function called with
 * COMP_WORDS and COMP_CWORD as bash sets them, and its suggestions read back.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers.js";

const run = promisify(execFile);
const hasZsh = await run("zsh", ["-f", "-c", "true"]).then(
  () => true,
  () => false,
);
let script: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const made = await tempDir();
  cleanup = made.cleanup;
  const result = await runCli(["completion", "bash"]);
  expect(result.code).toBe(0);
  script = join(made.dir, "junction.bash");
  await writeFile(script, result.stdout);
});
afterAll(() => cleanup?.());

/** The suggestions for the command line `words`, completing its last word. */
async function complete(...words: string[]): Promise<string[]> {
  const quoted = words.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
  const { stdout } = await run("bash", [
    "-c",
    `source '${script}'; COMP_WORDS=(junction ${quoted}); COMP_CWORD=${words.length}; _junction; printf '%s\\n' "\${COMPREPLY[@]}"`,
  ]);
  return stdout.split("\n").filter(Boolean).sort();
}

describe("bash completion", () => {
  it("completes commands", async () => {
    expect(await complete("ex")).toEqual(["export", "export-connections"]);
  });

  it("completes operation names after call and export", async () => {
    expect(await complete("export", "user.get_al")).toEqual(["user.get_all"]);
    expect(await complete("call", "lab_tests.get_result_p")).toEqual(["lab_tests.get_result_pdf"]);
  });

  it("completes an operation's parameters after --param, by short name or operationId", async () => {
    expect(await complete("export", "vitals.steps_grouped", "--param", "")).toEqual([
      "cursor=",
      "end_date=",
      "next_cursor=",
      "provider=",
      "start_date=",
      "user_id=",
    ]);
    expect(await complete("call", "--base-url", "http://x", "get_teams_users_v2_user_get", "-p", "l")).toEqual([
      "limit=",
    ]);
  });

  it("completes options and their values", async () => {
    expect(await complete("export", "user.get_all", "--res")).toEqual(["--resume"]);
    expect(await complete("export", "user.get_all", "--format", "")).toEqual(["json", "ndjson"]);
    expect(await complete("completion", "")).toEqual(["--help", "bash", "zsh"]);
  });
});

/**
 * `junction completion zsh`, sourced in a real zsh: the bash function runs through zsh's bashcompinit,
 * called as its `_bash_complete` calls it. zsh's own matching filters by the word typed, so the
 * candidates are filtered here the same way.
 */
describe.skipIf(!hasZsh)("zsh completion", () => {
  let zshScript: string;
  beforeAll(async () => {
    const zsh = await runCli(["completion", "zsh"]);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef junction\n/);
    zshScript = script.replace(/\.bash$/, ".zsh");
    await writeFile(zshScript, zsh.stdout);
  });

  async function completeZsh(...words: string[]): Promise<string[]> {
    const quoted = words.map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
    const { stdout, stderr } = await run("zsh", [
      "-f",
      "-c",
      `source '${zshScript}'
       local -a words COMP_WORDS; local CURRENT COMP_CWORD
       words=(junction ${quoted}); CURRENT=\${#words}
       COMP_WORDS=("\${words[@]}"); COMP_CWORD=$((CURRENT - 1))
       compgen -F _junction -- "\${words[CURRENT]}"`,
    ]);
    expect(stderr).toBe("");
    const typed = words.at(-1) ?? "";
    return stdout
      .split("\n")
      .filter((word) => word !== "" && word.startsWith(typed))
      .sort();
  }

  it("completes commands, operation names, parameters and option values", async () => {
    expect(await completeZsh("ex")).toEqual(["export", "export-connections"]);
    expect(await completeZsh("export", "user.get_al")).toEqual(["user.get_all"]);
    expect(await completeZsh("export", "vitals.steps_grouped", "--param", "")).toEqual([
      "cursor=",
      "end_date=",
      "next_cursor=",
      "provider=",
      "start_date=",
      "user_id=",
    ]);
    expect(await completeZsh("export", "user.get_all", "--format", "")).toEqual(["json", "ndjson"]);
  });
});
