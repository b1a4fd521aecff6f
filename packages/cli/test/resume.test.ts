import { spawn } from "node:child_process";
import { appendFile, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expectedConnections, type MockServer, startMockServer } from "@junction/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkpointPages, readNdjson, runCli, spawnCli, tempDir, waitFor } from "./helpers.js";

// No Prism here (many runs), and every request is held 25 ms so that a kill lands mid-export.
const data = { connections: 1500, seed: 3, providers: ["fitbit", "oura"] };
const expected = expectedConnections({ ...data, provider: "oura" });

async function readOutput(path: string, format: "ndjson" | "json"): Promise<unknown[]> {
  return format === "json" ? JSON.parse(await readFile(path, "utf8")) : readNdjson(path);
}

describe("resuming an export", () => {
  let mock: MockServer;
  let dir: string;
  let cleanup: () => Promise<void>;
  const args = (out: string, format: string) => [
    "export-connections",
    "--provider",
    "oura",
    "--base-url",
    mock.url,
    "--format",
    format,
    "-o",
    out,
    "--no-warn",
  ];

  beforeAll(async () => {
    mock = await startMockServer({
      ...data,
      pageSize: 25,
      validate: false,
      faults: { rate: 1, kinds: ["delay"], delayMs: 25 },
    });
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(async () => {
    await mock?.close();
    await cleanup?.();
  });

  for (const format of ["ndjson", "json"] as const) {
    it(`gives every connection exactly once after SIGKILLs at pages 1, 3 and 7 (${format})`, async () => {
      expect(expected.length).toBeGreaterThan(25 * 20);
      const out = join(dir, `killed.${format}`);
      for (const [run, killAt] of [1, 3, 7].entries()) {
        const child = spawnCli([...args(out, format), ...(run === 0 ? [] : ["--resume"])]);
        await waitFor(async () => (await checkpointPages(out)) >= killAt);
        child.kill("SIGKILL");
        const result = await child.output;
        expect(result.signal).toBe("SIGKILL");
      }
      // The checkpoint holds a prefix; whatever follows it in the file is dropped on resume.
      const checkpoint = JSON.parse(await readFile(`${out}.checkpoint.json`, "utf8"));
      expect(checkpoint.pages).toBeGreaterThanOrEqual(7);
      expect((await stat(out)).size).toBeGreaterThanOrEqual(checkpoint.bytes);

      const last = await runCli([...args(out, format), "--resume"]);
      expect(last.code).toBe(0);
      expect(await readOutput(out, format)).toEqual(expected);
      await expect(stat(`${out}.checkpoint.json`)).rejects.toThrow(/ENOENT/);
      // Each killed run left its lock behind; the next run took it over, and the last one removed it.
      await expect(stat(`${out}.lock`)).rejects.toThrow(/ENOENT/);
    });
  }

  it("refuses a second export into a file another export is writing, even with --force", async () => {
    const out = join(dir, "locked.ndjson");
    const first = spawnCli(args(out, "ndjson"));
    await waitFor(async () => (await checkpointPages(out)) >= 2);
    // Together, while the first export has 50-odd pages (over a second) to go.
    const seconds = await Promise.all(
      [[], ["--force"], ["--resume"]].map((extra) => runCli([...args(out, "ndjson"), ...extra])),
    );
    expect(first.exitCode).toBe(null);
    for (const second of seconds) {
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(`junction: Another export (process ${first.pid}) is writing ${out}.`);
    }
    const result = await first.output;
    expect(result.code).toBe(0);
    expect(await readNdjson(out)).toEqual(expected);
    await expect(stat(`${out}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it("takes over the lock of an export whose process is gone", async () => {
    const out = join(dir, "stale.ndjson");
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.once("exit", resolve));
    await writeFile(`${out}.lock`, `${gone.pid}\n`);
    const result = await runCli(args(out, "ndjson"));
    expect(result.code).toBe(0);
    expect(await readNdjson(out)).toEqual(expected);
    await expect(stat(`${out}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it("drops a half-written tail left by a crash", async () => {
    const out = join(dir, "torn.ndjson");
    expect((await runCli([...args(out, "ndjson"), "--max-pages", "2", "-q"])).code).toBe(0);
    await appendFile(out, '{"user_id":"0000');
    const result = await runCli([...args(out, "ndjson"), "--resume", "-q"]);
    expect(result.code).toBe(0);
    expect(await readNdjson(out)).toEqual(expected);
  });

  it("SIGINT finishes the page, leaves no half line, exits 130 and says how to resume", async () => {
    const out = join(dir, "interrupted.ndjson");
    const child = spawnCli(args(out, "ndjson"));
    await waitFor(async () => (await checkpointPages(out)) >= 2);
    child.kill("SIGINT");
    const result = await child.output;
    expect(result.code).toBe(130);
    expect(result.stderr).toMatch(
      /Interrupted \(SIGINT\)\. [\d,]+ connections saved in .+\. Resume with:\n {2}junction export-connections --provider oura .* --resume\n$/,
    );

    const text = await readFile(out, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const checkpoint = JSON.parse(await readFile(`${out}.checkpoint.json`, "utf8"));
    expect(Buffer.byteLength(text)).toBe(checkpoint.bytes);
    const rows = await readNdjson(out);
    expect(rows).toHaveLength(checkpoint.items);
    expect(rows).toEqual(expected.slice(0, rows.length));

    const resumed = await runCli([...args(out, "ndjson"), "--resume", "-q"]);
    expect(resumed.code).toBe(0);
    expect(await readNdjson(out)).toEqual(expected);
  });

  it("refuses a checkpoint made for other arguments, and a run without --resume over an unfinished export", async () => {
    const out = join(dir, "other.ndjson");
    expect((await runCli([...args(out, "ndjson"), "--max-pages", "1", "-q"])).code).toBe(0);
    const otherProvider = (await runCli([...args(out, "ndjson"), "--resume"].map((a) => (a === "oura" ? "fitbit" : a))))
      .stderr;
    expect(otherProvider).toContain(
      `junction: The checkpoint ${out}.checkpoint.json belongs to another export (--provider oura (now fitbit)). ` +
        "Resume with the same arguments, or start over with --force.",
    );
    const otherFormat = await runCli([...args(out, "json"), "--resume"]);
    expect(otherFormat.code).toBe(2);
    expect(otherFormat.stderr).toContain("(--format ndjson (now json))");
    const fresh = await runCli(args(out, "ndjson"));
    expect(fresh.code).toBe(2);
    expect(fresh.stderr).toContain(
      `${out} holds an unfinished export: add --resume to continue it, or --force to start over.`,
    );
  });
});
