/**
 * The export of connections under every fault of the hostile server: a first page arrives, then the
 * second page fails in one way or another. Each run either completes exactly once or stops with exit 1,
 * keeping what it wrote and a checkpoint; once the server is healed, `--resume` completes the export
 * with every connection exactly once. The key never appears in the output and never leaves its origin.
 * Real child processes against the hostile server on 127.0.0.1.
 */
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fault, type HostileServer, okConnection, startHostileServer } from "@junction/mock-server/hostile";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, connection, readNdjson, runCli, tempDir } from "./helpers.js";

const first = { data: [connection(1), connection(2)], next_token: "t1" };
const second = { data: [connection(3)], next_token: null };

let hostile: HostileServer;
beforeAll(async () => {
  // Just over the client's 64 MiB default: refused by its content-length, before it is read.
  hostile = await startHostileServer({ pages: [first, second], hugeBytes: 65 * 1024 * 1024 });
});
afterAll(() => hostile.close());

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe("export-connections when the second page fails", () => {
  it.each([
    ["a body cut short", "truncated", /failed|terminated|closed/i],
    ["no answer at all", "stall-headers", /timed out after 500 ms/],
    ["a body that stalls", "stall-body", /timed out after 500 ms/],
    ["fields of the wrong type", "wrong-types", /"data"|"next_token"/],
    ["an HTML page", "html", /text\/html/],
    ["an empty 200", "empty", /empty|not JSON/i],
    ["a 401 echoing the key", "echo", /401/],
    ["a page over maxResponseBytes", "huge", /67108864|64 MiB/],
  ])(
    "%s: exit 1 with the first page and its checkpoint; a resume completes it exactly once",
    async (_, behaviour, reason) => {
      const { dir, cleanup } = await tempDir();
      const out = join(dir, "out.ndjson");
      const args = [
        "export-connections",
        "--provider",
        "oura",
        "--base-url",
        `${hostile.url}/pages`,
        "--out",
        out,
        "--timeout-ms",
        "500",
        "--max-retries",
        "1",
        "-q",
      ];
      try {
        hostile.pages[1] = fault(behaviour);
        const failed = await runCli(args);
        expect(failed.code).toBe(1);
        expect(failed.stderr).toMatch(reason);
        expect(failed.stderr).not.toMatch(/Exported/);
        expect(failed.stdout + failed.stderr).not.toContain(apiKey);
        expect(await readNdjson(out)).toEqual(first.data);
        expect(await readFile(`${out}.checkpoint.json`, "utf8")).toContain('"t1"');

        hostile.pages[1] = second;
        const resumed = await runCli([...args, "--resume"]);
        expect(resumed.stderr).toBe("");
        expect(resumed.code).toBe(0);
        expect(await readNdjson(out)).toEqual([...first.data, ...second.data]);
        expect(await exists(`${out}.checkpoint.json`)).toBe(false);
      } finally {
        hostile.pages[1] = second;
        await cleanup();
      }
    },
  );

  it("a redirect to another origin completes exactly once, and the key stays on its origin", async () => {
    const { dir, cleanup } = await tempDir();
    const out = join(dir, "out.ndjson");
    try {
      // Page two answers 307 to the other origin's last page.
      hostile.pages[1] = fault("redirect-307-x/ok");
      const before = hostile.seen.length;
      const args = ["export-connections", "--provider", "oura", "--base-url", `${hostile.url}/pages`, "--out", out];
      const result = await runCli([...args, "-q"]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(await readNdjson(out)).toEqual([...first.data, okConnection]);
      // On Node, the redirected hop is sent twice on its own origin (see the client's "redirect: error").
      const requests = hostile.seen.slice(before);
      expect(requests.at(-1)?.origin).toBe("other");
      expect(requests.at(-1)?.headers["x-vital-api-key"]).toBeUndefined();
      for (const request of requests.slice(0, -1)) {
        expect(request.origin).toBe("main");
        expect(request.headers["x-vital-api-key"]).toBe(apiKey);
      }
    } finally {
      hostile.pages[1] = second;
      await cleanup();
    }
  });
});
