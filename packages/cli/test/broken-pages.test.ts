/**
 * A server whose pages break the paging contract (a token that is not a string, no items, a token
 * that loops back) must not end an export as if it were complete: the CLI exits 1 with the reason,
 * keeps what it wrote and its checkpoint, and a resume writes nothing twice. Real child processes
 * against the hostile server's paging walk on 127.0.0.1.
 */

import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type HostileServer, startHostileServer } from "@junction/mock-server/hostile";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, connection, readNdjson, runCli, tempDir } from "./helpers.js";

let hostile: HostileServer;
beforeAll(async () => {
  hostile = await startHostileServer();
});
afterAll(() => hostile.close());

/** A bulk export whose page `n` (0 for the request without a token) is `pages[n]`; returns its base URL. */
async function stub(pages: unknown[]): Promise<string> {
  hostile.pages.splice(0, hostile.pages.length, ...pages);
  return `${hostile.url}/pages`;
}

describe("export-connections against pages that break the contract", () => {
  it.each([
    ["a numeric next_token", { data: [connection(2)], next_token: 12345 }, /"next_token"/],
    ["a page without data", { next_token: "t9" }, /"data"/],
    ["a page whose data is null", { data: null, next_token: null }, /"data"/],
  ])("stops on %s with exit 1, keeping the first page and its checkpoint", async (_, broken, field) => {
    const { dir, cleanup } = await tempDir();
    try {
      const baseUrl = await stub([{ data: [connection(1)], next_token: "t1" }, broken]);
      const out = join(dir, "out.ndjson");
      const result = await runCli([
        "export-connections",
        "--provider",
        "oura",
        "--base-url",
        baseUrl,
        "--out",
        out,
        "-q",
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/PaginationProtocolError|paging contract|stopped instead of ending early/);
      expect(result.stderr).toMatch(field);
      expect(result.stderr).not.toMatch(/Exported/);
      expect(result.stderr).not.toContain(apiKey);
      expect(await readNdjson(out)).toEqual([connection(1)]);
      const checkpoint = JSON.parse(await readFile(`${out}.checkpoint.json`, "utf8"));
      expect(JSON.stringify(checkpoint)).toContain('"t1"');
    } finally {
      await cleanup();
    }
  });

  it("stops on a token that loops back, and a resume writes nothing twice", async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const baseUrl = await stub([
        { data: [connection(1)], next_token: "t1" },
        { data: [connection(2)], next_token: "t1" },
      ]);
      const out = join(dir, "out.ndjson");
      const args = ["export-connections", "--provider", "oura", "--base-url", baseUrl, "--out", out, "-q"];
      const first = await runCli(args);
      expect(first.code).toBe(1);
      expect(first.stderr).toMatch(/server is at fault/);
      const again = await runCli([...args, "--resume"]);
      expect(again.code).toBe(1);
      expect(await readNdjson(out)).toEqual([connection(1)]);
      await expect(access(`${out}.checkpoint.json`)).resolves.toBeUndefined();
    } finally {
      await cleanup();
    }
  });
});
