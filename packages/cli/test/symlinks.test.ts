/**
 * `--out` and its checkpoint are never written through a symbolic link, and `--out` must be a regular
 * file: a planted link cannot make an export overwrite (or chmod) a file elsewhere. Real symlinks and
 * real child processes; the refusals happen before any request is sent.
 */
import { mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli, tempDir } from "./helpers.js";

// Nothing listens here: a request sent by mistake would fail with exit 1, not the expected 2.
const offline = ["export-connections", "--provider", "oura", "--base-url", "http://127.0.0.1:9", "-q"];

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  await mkdir(join(dir, "elsewhere"));
  await writeFile(join(dir, "elsewhere/victim.txt"), "precious\n", { mode: 0o644 });
});
afterEach(() => cleanup());

describe("--out through a symbolic link", () => {
  it("is refused even with --force, and the link's target is left as it was", async () => {
    const out = join(dir, "out.ndjson");
    await symlink(join(dir, "elsewhere/victim.txt"), out);
    const result = await runCli([...offline, "--out", out, "--force"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--out ${JSON.stringify(out)} is a symbolic link`);
    expect(await readFile(join(dir, "elsewhere/victim.txt"), "utf8")).toBe("precious\n");
    expect((await stat(join(dir, "elsewhere/victim.txt"))).mode & 0o777).toBe(0o644);
  });

  it("is refused when the link dangles, and no file appears at its target", async () => {
    const out = join(dir, "out.ndjson");
    await symlink(join(dir, "elsewhere/created.txt"), out);
    const result = await runCli([...offline, "--out", out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/already exists|symbolic link/);
    await expect(stat(join(dir, "elsewhere/created.txt"))).rejects.toMatchObject({ code: "ENOENT" });
    const forced = await runCli([...offline, "--out", out, "--force"]);
    expect(forced.code).toBe(2);
    await expect(stat(join(dir, "elsewhere/created.txt"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a --out that is not a regular file", async () => {
    const result = await runCli([...offline, "--out", "/dev/null", "--force"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out "/dev/null" is not a regular file');
  });
});
