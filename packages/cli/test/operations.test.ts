/**
 * `junction export`, `call` and `operations` on operations of every paging style, against the stateful
 * mock: each style is exported with a SIGKILL and a resume in the middle and compared with the data set;
 * a PDF comes back byte for byte into --out; bad parameters are refused before anything is sent.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  expectedConnections,
  expectedOrders,
  expectedStepGroups,
  expectedUsers,
  type MockServer,
  startMockServer,
} from "@junction/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKey, checkpointPages, readNdjson, runCli, spawnCli, tempDir, waitFor } from "./helpers.js";

const data = { seed: 5, providers: ["fitbit", "oura", "garmin"] };
const userId = "4a7c3a0e-9f0a-4d0e-8f3c-3f9b2b6c1d2e";
const steps = { userId, startDate: "2025-09-01", endDate: "2025-12-31" };

/** One operation of each paging style, how to ask for small pages, and what it must export. */
const styles = [
  {
    style: "offset",
    args: ["user.get_all", "--param", "limit=20"],
    expected: () => expectedUsers({ ...data, users: { count: 2000 } }),
  },
  {
    style: "page",
    args: ["lab_tests.get_orders", "--param", "size=20"],
    expected: () => expectedOrders({ ...data, users: { count: 2000 }, orders: { count: 2000 } }),
  },
  {
    style: "cursor",
    args: [
      "vitals.steps_grouped",
      "-p",
      `user_id=${userId}`,
      "-p",
      `start_date=${steps.startDate}`,
      "-p",
      `end_date=${steps.endDate}`,
    ],
    expected: () => expectedStepGroups({ ...data, ...steps }),
  },
  {
    style: "body",
    args: ["link.bulk_export", "--body", '{"provider":"oura"}'],
    expected: () => expectedConnections({ ...data, connections: 5000, provider: "oura" }),
  },
] as const;

describe("junction export, one operation of each paging style", () => {
  let mock: MockServer;
  let dir: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    // Every request is held 25 ms, so that a kill lands mid-export.
    mock = await startMockServer({
      ...data,
      connections: 5000,
      pageSize: 20,
      users: { count: 2000 },
      orders: { count: 2000 },
      steps: { pageSize: 4 },
      validate: false,
      fallbackToPrism: false,
      faults: { rate: 1, kinds: ["delay"], delayMs: 25 },
    });
    ({ dir, cleanup } = await tempDir());
  });
  afterAll(async () => {
    await mock?.close();
    await cleanup?.();
  });

  for (const { style, args, expected } of styles) {
    for (const format of ["ndjson", "json"] as const) {
      it(`exports ${args[0]} (${style} paging, ${format}) exactly once across a SIGKILL and a resume`, async () => {
        const wanted = expected();
        expect(wanted.length).toBeGreaterThan(100);
        const out = join(dir, `${args[0]}.${format}`);
        const command = ["export", ...args, "--base-url", mock.url, "--format", format, "--out", out];
        const child = spawnCli(command);
        // Tens of pages of 25 ms each are left when it is killed; an export that ended first fails the test.
        await waitFor(async () => child.exitCode !== null || (await checkpointPages(out)) >= 3);
        expect(child.exitCode).toBe(null);
        child.kill("SIGKILL");
        expect((await child.output).signal).toBe("SIGKILL");
        const saved = JSON.parse(await readFile(`${out}.checkpoint.json`, "utf8"));
        expect(saved).toMatchObject({ version: 2, operation: args[0], format });
        expect(saved.items).toBeLessThan(wanted.length);

        const resumed = await runCli([...command, "--resume"]);
        expect(resumed.stderr).not.toContain(apiKey);
        expect(resumed.code).toBe(0);
        expect(resumed.stderr).toMatch(/Resuming .*: [\d,]+ items in \d+ pages already exported\./);
        expect(resumed.stderr).toMatch(new RegExp(`Exported [\\d,]+ items of ${args[0]}, \\d+ pages, .* items/s`));
        const rows = format === "json" ? JSON.parse(await readFile(out, "utf8")) : await readNdjson(out);
        expect(rows).toEqual(wanted);
      });
    }
  }

  it("refuses a resume whose --param differs, naming what changed", async () => {
    const out = join(dir, "users-partial.ndjson");
    const base = ["export", "user.get_all", "--base-url", mock.url, "--out", out, "-q"];
    expect((await runCli([...base, "--param", "limit=20", "--max-pages", "2"])).code).toBe(0);
    const other = await runCli([...base, "--param", "limit=30", "--resume"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("belongs to another export (a different request (--param, --body))");
    const same = await runCli([...base, "--param", "limit=20", "--resume"]);
    expect(same.code).toBe(0);
    expect(await readNdjson(out)).toEqual(expectedUsers({ ...data, users: { count: 2000 } }));
  });

  it("calls an operation once and prints its JSON answer; the same in three spellings", async () => {
    const wanted = expectedUsers({ ...data, users: { count: 2000 } }).slice(0, 3);
    for (const name of ["user.get_all", "get_teams_users_v2_user_get", "GET /v2/user"]) {
      const result = await runCli(["call", name, "--param", "limit=3", "--base-url", mock.url]);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).users).toEqual(wanted);
    }
  });

  it("exits 1 with the API's message when the call fails", async () => {
    const result = await runCli([
      "call",
      "vitals.steps_grouped",
      "-p",
      `user_id=${userId}`,
      "-p",
      "start_date=nope",
      "--base-url",
      mock.url,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Request failed: GET \/v2\/timeseries\/[\w-]+\/steps\/grouped failed with HTTP 422: .*start_date/,
    );
    expect(result.stderr).not.toMatch(/[^.]\.\.(?!\.)/);
  });
});

describe("bad requests are refused before anything is sent", () => {
  // Nothing listens here: a request sent by mistake would fail with exit 1, not the expected 2.
  const offline = ["--base-url", "http://127.0.0.1:9"];
  const cases: [string, string[], string][] = [
    [
      "a misspelled parameter, with the closest valid name",
      ["export", "vitals.steps_grouped", "--param", `user_idd=${userId}`, ...offline],
      "junction: unknown parameter 'user_idd' for vitals.steps_grouped; did you mean 'user_id'?",
    ],
    [
      "a missing required parameter",
      ["export", "vitals.steps_grouped", "--param", `user_id=${userId}`, ...offline],
      "junction: vitals.steps_grouped needs --param start_date=<string> (required).",
    ],
    [
      "a value that is not an integer",
      ["export", "user.get_all", "--param", "limit=ten", ...offline],
      'junction: --param limit of user.get_all must be a whole number, got "ten".',
    ],
    [
      "a value outside a closed enum",
      ["call", "lab_tests.get_orders", "--param", "order_key=size", ...offline],
      "junction: --param order_key of lab_tests.get_orders must be one of created_at, patient_name, last_status",
    ],
    [
      "an unknown operation, with the closest name",
      ["call", "user.getall", ...offline],
      `junction: Unknown operation "user.getall"; did you mean 'user.get_all'?`,
    ],
    [
      "an operation that does not page, for export",
      ["export", "user.get", "--param", `user_id=${userId}`, ...offline],
      "junction: user.get (GET /v2/user/{user_id}) does not page, so there is nothing to export; make one request with `junction call user.get`.",
    ],
    [
      "a body that is not JSON, without quoting it",
      ["export", "link.bulk_export", "--body", "{provider: secret-ish}", ...offline],
      "junction: --body is not valid JSON (at character 2).",
    ],
    [
      "a body for an operation that takes none",
      ["call", "user.get_all", "--body", "{}", ...offline],
      "junction: user.get_all takes no request body; leave out --body.",
    ],
  ];
  for (const [what, args, message] of cases) {
    it(`refuses ${what}`, async () => {
      const result = await runCli(args);
      expect(result.stderr).toContain(message);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toContain("secret-ish");
    });
  }
});

describe("junction operations", () => {
  it("lists paging operations with their style, from the generated index", async () => {
    const result = await runCli(["operations", "--paging", "--json"]);
    expect(result.code).toBe(0);
    const rows = JSON.parse(result.stdout) as { name: string; method: string; path: string; paging: string }[];
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]));
    expect(byName["user.get_all"]).toMatchObject({ method: "GET", path: "/v2/user", paging: "offset" });
    expect(byName["lab_tests.get_orders"]).toMatchObject({ paging: "page" });
    expect(byName["vitals.steps_grouped"]).toMatchObject({ paging: "cursor" });
    expect(byName["link.bulk_export"]).toMatchObject({ method: "POST", paging: "body" });
    expect(rows.every((row) => row.paging !== null)).toBe(true);
    const table = await runCli(["operations", "--tag", "user"]);
    expect(table.stdout.split("\n")[0]).toMatch(/^NAME +METHOD +PATH +PAGING +STATUS$/);
    expect(table.stdout).toMatch(/\nuser\.get_all +GET +\/v2\/user +offset\n/);
  });
});
