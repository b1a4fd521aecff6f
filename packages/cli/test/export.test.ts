import { chmod, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expectedConnections, type MockServer, startMockServer } from "@junction/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, cliEnv, readNdjson, runCli, tempDir } from "./helpers.js";

// Every request and answer goes through Prism's validating proxy: the CLI's requests match the spec.
const data = { connections: 5000, seed: 7 };
const expected = expectedConnections({ ...data, provider: "fitbit" });

describe("junction export-connections against the validating mock", () => {
  let mock: MockServer;
  let dir: string;
  let cleanup: () => Promise<void>;
  const base = () => ["export-connections", "--provider", "fitbit", "--base-url", mock.url];

  beforeAll(async () => {
    mock = await startMockServer({ ...data, pageSize: 100, emptyPageEvery: 5, validate: true });
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(async () => {
    await mock?.close();
    await cleanup?.();
  });

  it("exports every connection exactly once as NDJSON, to a 0600 file, with progress and a summary", async () => {
    const out = join(dir, "fitbit.ndjson");
    const result = await runCli([...base(), "--out", out]);
    expect(result.stderr).not.toContain(apiKey);
    expect(result.code).toBe(0);
    expect(await readNdjson(out)).toEqual(expected);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    await expect(stat(`${out}.checkpoint.json`)).rejects.toThrow(/ENOENT/);
    expect(result.stdout).toBe("");

    const lines = result.stderr.trimEnd().split("\n");
    expect(lines.filter((line) => line.includes("pause the connections"))).toHaveLength(1);
    // Not a terminal: plain lines, no carriage returns, the first after page 1 and then every 10 pages or 2 s.
    expect(result.stderr).not.toContain("\r");
    const progress = lines.filter((line) => /^[\d,]+ connections, [\d,]+ pages?, [\d,]+ connections\/s, /.test(line));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const count = expected.length.toLocaleString("en-US");
    expect(lines.at(-1)).toMatch(
      new RegExp(`^Exported ${count} fitbit connections, \\d+ pages, .+ connections/s → ${out}$`),
    );
  });

  it("exports a JSON array, streamed, equal to the data set", async () => {
    const out = join(dir, "fitbit.json");
    const result = await runCli([...base(), "--format", "json", "-o", out, "--quiet", "--no-warn"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(JSON.parse(await readFile(out, "utf8"))).toEqual(expected);
  });

  it("writes to stdout when there is no --out, unmasked on a pipe", async () => {
    const result = await runCli([...base(), "--quiet", "--no-warn"]);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toEqual(expected);
  });

  it("exports only the users of --user-ids-file (comments, blank lines, commas, any case)", async () => {
    const [a, b, c] = [expected[3], expected[100], expected[1500]].map((row) => row?.user_id as string);
    const file = join(dir, "users.txt");
    await writeFile(file, `# users to move\n${a}\n\n${b?.toUpperCase()}, ${c}\r\n`);
    const out = join(dir, "some.ndjson");
    const result = await runCli([...base(), "--user-ids-file", file, "-o", out, "-q"]);
    expect(result.code).toBe(0);
    const wanted = expectedConnections({ ...data, provider: "fitbit", userIds: [a, b, c] as string[] });
    expect(wanted.length).toBeGreaterThanOrEqual(3);
    expect(await readNdjson(out)).toEqual(wanted);
  });

  it("refuses to overwrite an existing file without --force, and --force makes it 0600", async () => {
    const out = join(dir, "existing.ndjson");
    await writeFile(out, "keep me\n");
    await chmod(out, 0o644);
    const refused = await runCli([...base(), "-o", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${out} already exists: choose another --out, or add --force to overwrite it.`);
    expect(await readFile(out, "utf8")).toBe("keep me\n");

    const forced = await runCli([...base(), "-o", out, "--force", "-q"]);
    expect(forced.code).toBe(0);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect(await readNdjson(out)).toEqual(expected);
  });

  it("stops after --max-pages keeping a valid file and its checkpoint, and --resume completes it", async () => {
    const out = join(dir, "partial.json");
    const first = await runCli([...base(), "--format", "json", "-o", out, "--max-pages", "3", "--no-warn"]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /Stopped after --max-pages 3: .* Continue with: junction export-connections .* --resume/,
    );
    const partial = JSON.parse(await readFile(out, "utf8")) as unknown[];
    expect(partial).toEqual(expected.slice(0, partial.length));
    expect(partial.length).toBeGreaterThan(0);

    const rest = await runCli([...base(), "--format", "json", "-o", out, "--resume", "--no-warn"]);
    expect(rest.code).toBe(0);
    expect(rest.stderr).toContain(`Resuming ${out}: ${partial.length} connections in 3 pages already exported.`);
    expect(JSON.parse(await readFile(out, "utf8"))).toEqual(expected);
  });

  it("exits 1 with the API's message and a resume hint when the API rejects a page (422)", async () => {
    const out = join(dir, "bad-token.ndjson");
    expect((await runCli([...base(), "-o", out, "--max-pages", "2", "-q"])).code).toBe(0);
    const checkpointPath = `${out}.checkpoint.json`;
    const checkpoint = JSON.parse(await readFile(checkpointPath, "utf8"));
    await writeFile(checkpointPath, JSON.stringify({ ...checkpoint, nextToken: "not-a-token" }));

    const result = await runCli([...base(), "-o", out, "--resume", "--no-warn"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Export failed: POST /v2/link/bulk_export failed with HTTP 422");
    expect(result.stderr).toContain("next_token");
    expect(result.stderr).toMatch(/Resume with:\n {2}junction export-connections .*--resume\n/);
    expect(result.stderr).not.toContain(apiKey);
    // The output still holds exactly the first two pages.
    expect(await readNdjson(out)).toEqual(expected.slice(0, checkpoint.items));
  });

  it("never prints the key, even when it is given with --unsafe-api-key", async () => {
    const out = join(dir, "flag-key.ndjson");
    const env = cliEnv({ JUNCTION_API_KEY: undefined });
    const result = await runCli([...base(), "-o", out, "--unsafe-api-key", apiKey, "--max-pages", "1"], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("--resume");
    expect(result.stderr).not.toContain(apiKey);
    expect(result.stderr).not.toContain("--unsafe-api-key");
  });
});
