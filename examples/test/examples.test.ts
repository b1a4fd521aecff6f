import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JunctionError } from "@junction/client";
import {
  createStepsDataset,
  expectedConnections,
  expectedOrders,
  expectedStepGroups,
  expectedUsers,
  type MockServer,
  startMockServer,
} from "@junction/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main as chooseEnvironment } from "../choose-environment.js";
import { main as exportWithResume } from "../export-with-resume.js";
import { main as oneCall } from "../one-call.js";
import { main as pagingStyles } from "../paging-styles.js";

const apiKey = "examples-test-key";
const data = { connections: 1200, seed: 5 };
const quiet = () => {};

describe("examples against the mock", () => {
  let mock: MockServer;
  let dir: string;
  beforeAll(async () => {
    // No Prism in front: the 422 below must come from the API-like backend, with FastAPI-style details.
    mock = await startMockServer({ ...data, pageSize: 100, validate: false });
    dir = await mkdtemp(join(tmpdir(), "junction-examples-"));
  });
  afterAll(async () => {
    await mock?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("one-call.ts returns the first page", async () => {
    const result = await oneCall({ baseUrl: mock.url, apiKey, provider: "oura", log: quiet });
    expect(result).toEqual({ ok: true, connections: 100, nextToken: expect.any(String) });
  });

  it("one-call.ts handles a ValidationError (422)", async () => {
    const lines: string[] = [];
    const result = await oneCall({ baseUrl: mock.url, apiKey, userIds: ["not-a-uuid"], log: (l) => lines.push(l) });
    expect(result).toEqual({
      ok: false,
      error: "validation",
      message: "body.user_ids.0: Input should be a valid UUID",
    });
    expect(lines).toEqual(["The API rejected the request (HTTP 422): body.user_ids.0: Input should be a valid UUID"]);
  });

  it("one-call.ts handles a RateLimitError (429 asking for longer than the client waits)", async () => {
    const limited = await startMockServer({
      ...data,
      validate: false,
      faults: { failFirst: 1, kinds: ["429"], retryAfterMs: 600_000 },
    });
    try {
      const result = await oneCall({ baseUrl: limited.url, apiKey, log: quiet });
      expect(result).toEqual({ ok: false, error: "rate-limit", message: "retry in 600000 ms" });
    } finally {
      await limited.close();
    }
  });

  it("export-with-resume.ts stops, resumes and ends with every connection exactly once", async () => {
    const out = join(dir, "oura.ndjson");
    const first = await exportWithResume({ out, baseUrl: mock.url, apiKey, provider: "oura", maxPages: 2, log: quiet });
    expect(first).toEqual({ connections: 200, complete: false, resumed: false });
    const checkpoint = JSON.parse(await readFile(`${out}.checkpoint.json`, "utf8"));
    expect(checkpoint).toMatchObject({ connections: 200, bytes: (await stat(out)).size });

    const second = await exportWithResume({ out, baseUrl: mock.url, apiKey, provider: "oura", log: quiet });
    const expected = expectedConnections({ ...data, provider: "oura" });
    expect(second).toEqual({ connections: expected.length, complete: true, resumed: true });
    const rows = (await readFile(out, "utf8"))
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rows).toEqual(expected);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    await expect(stat(`${out}.checkpoint.json`)).rejects.toThrow(/ENOENT/);
  });

  it("choose-environment.ts maps a name to the spec's server, or uses an explicit base URL", async () => {
    expect(await chooseEnvironment({ environment: "sandbox-eu", apiKey, log: quiet })).toEqual({
      baseUrl: "https://api.sandbox.eu.junction.com",
      environment: "sandbox-eu",
    });
    expect(await chooseEnvironment({ baseUrl: mock.url, apiKey, call: true, log: quiet })).toEqual({
      baseUrl: mock.url,
      environment: undefined,
      connections: 100,
    });
    await expect(chooseEnvironment({ environment: "staging", apiKey, log: quiet })).rejects.toThrow(JunctionError);
    await expect(chooseEnvironment({ environment: "staging", apiKey, log: quiet })).rejects.toThrow(
      /Unknown environment "staging": use production, production-eu, sandbox, sandbox-eu/,
    );
  });
});

describe("paging-styles.ts against the validating mock", () => {
  const paging = { seed: 3, connections: 300, users: { count: 120, pageSize: 50 }, orders: { count: 90 } };
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ ...paging, pageSize: 100 });
  });
  afterAll(() => mock?.close());

  it("walks users, orders, a steps timeseries and connections, each to its end", async () => {
    const userId = expectedUsers(paging)[0]?.user_id as string;
    const result = await pagingStyles({ baseUrl: mock.url, apiKey, userId, log: quiet });
    const groups = expectedStepGroups({ seed: paging.seed, userId, startDate: "2025-10-01" });
    const samples: Record<string, number> = {};
    for (const group of groups)
      samples[group.source.provider] = (samples[group.source.provider] ?? 0) + group.data.length;
    expect(createStepsDataset({ seed: paging.seed }).providersOf(userId).length).toBeGreaterThan(0);
    expect(result).toEqual({
      users: paging.users.count,
      orders: expectedOrders(paging).length,
      connections: expectedConnections({ ...paging, provider: "oura" }).length,
      steps: samples,
    });
  });
});
