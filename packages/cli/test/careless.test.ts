/**
 * What careless use must not do: print a tip under -q, leave a killed run's temporary checkpoint behind,
 * fail obscurely on a --out that is a device, or print doubled punctuation. Real child processes against a
 * stub server on 127.0.0.1.
 */
import { access, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, cliEnv, connection, readNdjson, runCli, tempDir } from "./helpers.js";

let server: Server;
let baseUrl: string;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  // Two pages of the bulk export; a key of "bad" gets the API's 401.
  server = createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      res.setHeader("content-type", "application/json");
      if (req.headers["x-vital-api-key"] === "bad") {
        res.statusCode = 401;
        res.end(JSON.stringify({ detail: "Missing or invalid API key in the x-vital-api-key header." }));
        return;
      }
      const token = JSON.parse(raw || "{}").next_token;
      res.end(
        JSON.stringify(
          token ? { data: [connection(2)], next_token: null } : { data: [connection(1)], next_token: "t1" },
        ),
      );
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ({ dir, cleanup } = await tempDir());
});
afterAll(async () => {
  await new Promise<void>((done) => server.close(() => done()));
  await cleanup();
});

const exportTo = (out: string, ...extra: string[]) =>
  runCli(["export-connections", "--provider", "oura", "--base-url", baseUrl, "--out", out, ...extra]);

describe("careless use", () => {
  it("-q prints nothing on stderr, the pausing tip included", async () => {
    const result = await exportTo(join(dir, "quiet.ndjson"), "-q");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const loud = await exportTo(join(dir, "loud.ndjson"));
    expect(loud.stderr).toContain("Tip: pause the connections");
  });

  it("removes the temporary checkpoint a run killed mid-write left, on the next run and on resume", async () => {
    const out = join(dir, "stale.ndjson");
    await writeFile(`${out}.checkpoint.json.99999.tmp`, '{"version":2,"nextTo');
    await writeFile(join(dir, "other.ndjson.checkpoint.json.99999.tmp"), "not ours");
    expect((await exportTo(out, "-q", "--max-pages", "1")).code).toBe(0);
    expect((await readdir(dir)).filter((name) => name.startsWith("stale.ndjson.") && name.endsWith(".tmp"))).toEqual(
      [],
    );
    await writeFile(`${out}.checkpoint.json.4242.tmp`, "torn");
    expect((await exportTo(out, "-q", "--resume")).code).toBe(0);
    await expect(access(`${out}.checkpoint.json.4242.tmp`)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await readNdjson(out)).toEqual([connection(1), connection(2)]);
    // Another export's files are left alone.
    await expect(access(join(dir, "other.ndjson.checkpoint.json.99999.tmp"))).resolves.toBeUndefined();
  });

  it("resumes from a version 1 checkpoint (written by earlier releases)", async () => {
    const out = join(dir, "v1.ndjson");
    expect((await exportTo(out, "-q", "--max-pages", "1")).code).toBe(0);
    const {
      operation: _,
      inputs,
      items,
      version: __,
      ...rest
    } = JSON.parse(await readFile(`${out}.checkpoint.json`, "utf8"));
    expect(inputs).toEqual({ "--provider": "oura", "user ID list": "all" });
    const v1 = { ...rest, version: 1, provider: "oura", userIds: "all", connections: items };
    await writeFile(`${out}.checkpoint.json`, JSON.stringify(v1));
    const result = await exportTo(out, "--resume", "--no-warn");
    expect(result.stderr).toContain("1 connection in 1 page already exported.");
    expect(result.code).toBe(0);
    expect(await readNdjson(out)).toEqual([connection(1), connection(2)]);
  });

  it.each([[[]], [["--force"]]])(
    "refuses --out /dev/stdout %j clearly, before taking a lock beside it",
    async (extra) => {
      const result = await exportTo("/dev/stdout", "-q", ...extra);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'junction: --out "/dev/stdout" is not a regular file (a device, a pipe or a directory); an export needs a ' +
          "file it can checkpoint and resume. To write to stdout, leave out --out.\n",
      );
      await expect(access("/dev/stdout.lock")).rejects.toMatchObject({ code: "ENOENT" });
    },
  );

  it("words an API error ending in a full stop without doubling it", async () => {
    const result = await runCli(
      ["export-connections", "--provider", "oura", "--base-url", baseUrl, "--unsafe-api-key", "bad", "-q"],
      cliEnv({ JUNCTION_API_KEY: undefined }),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("x-vital-api-key header. Check JUNCTION_API_KEY");
    expect(result.stderr).not.toMatch(/[^.]\.\.(?!\.)/);
    expect(result.stderr).not.toContain(apiKey);
  });
});
