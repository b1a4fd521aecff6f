import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectedConnections } from "@junction/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../main.js";

describe("main.ts (pnpm start)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "junction-main-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("exports through the built CLI into a 0600 file and shows the first rows masked", async () => {
    const lines: string[] = [];
    const result = await main({
      connections: 800,
      validate: false,
      progress: false,
      outDir: dir,
      log: (line) => lines.push(line),
    });
    expect(result.code).toBe(0);
    const expected = expectedConnections({ connections: 800, provider: "fitbit" });
    const rows = (await readFile(result.out, "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toEqual(expected);
    expect((await stat(result.out)).mode & 0o777).toBe(0o600);
    expect(result.rows).toEqual(
      expected.slice(0, 3).map((row) => ({ ...row, access_token: "[redacted]", refresh_token: "[redacted]" })),
    );
    expect(lines.join("\n")).not.toContain(expected[0]?.access_token);
  });
});
