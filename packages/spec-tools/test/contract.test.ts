/**
 * Every operation of the vendored spec is called through the client against Prism with a minimal valid
 * request built from its schema: Prism must find no violation and answer 2xx. The same table runs on a
 * large generated spec to show it scales (its time is printed, not asserted).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSpecPath, type RunningServer, startPrism } from "@junction/mock-server";
import { operationIndex } from "@junction/openapi-types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSpecText, stringifySpec } from "../src/spec-io.ts";
import { contractTable, runContract } from "./support/contract.ts";
import { makeLargeSpec } from "./support/large-spec.ts";

const vendored = parseSpecText(await readFile(defaultSpecPath, "utf8"), "openapi/junction.yaml");
const table = await contractTable(vendored);

describe("contract table of the vendored spec", () => {
  let prism: RunningServer;
  beforeAll(async () => {
    prism = await startPrism();
  });
  afterAll(() => prism?.close());

  it("has one row per entry of the generated operation index", () => {
    expect(table.map((row) => row.operationId).sort()).toEqual(Object.keys(operationIndex).sort());
    expect(table.length).toBeGreaterThan(0);
  });

  it.each(table)(
    "$method $path ($operationId): a minimal request passes Prism's validation with a 2xx",
    async (row) => {
      const [result] = await runContract(vendored, prism.url, [row]);
      expect(result?.violations).toEqual([]);
      expect(result?.status).toBeGreaterThanOrEqual(200);
      expect(result?.status).toBeLessThan(300);
    },
  );

  it("can fail: the same request without its required body field is a violation", async () => {
    const row = table.find((r) => r.method === "post");
    if (!row) return;
    const [result] = await runContract(vendored, prism.url, [row], 1, (request) => ({ ...request, body: {} }));
    expect(result?.status).toBe(422);
    expect(result?.violations).toContainEqual(expect.objectContaining({ code: "required" }));
  });
});

describe("contract table of a large generated spec", () => {
  const large = makeLargeSpec({ resources: 100 });
  let dir: string;
  let prism: RunningServer;
  let startMs = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "spec-tools-contract-"));
    const file = join(dir, "large.yaml");
    await writeFile(file, stringifySpec(large));
    const started = performance.now();
    prism = await startPrism({ spec: file, startTimeoutMs: 110_000 });
    startMs = performance.now() - started;
  });
  afterAll(async () => {
    await prism?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("calls all of its operations without a violation", async () => {
    const rows = await contractTable(large);
    expect(rows).toHaveLength(300);
    const started = performance.now();
    const results = await runContract(large, prism.url, rows, 8);
    const ms = performance.now() - started;
    console.log(
      `contract table, large spec (${rows.length} operations, ${Object.keys(large.components.schemas).length} schemas): ` +
        `Prism started in ${Math.round(startMs)} ms, ${rows.length} calls in ${Math.round(ms)} ms`,
    );
    const failed = results.filter((r) => r.status < 200 || r.status >= 300 || r.violations.length > 0);
    expect(failed.map((r) => ({ op: r.operationId, status: r.status, violations: r.violations }))).toEqual([]);
  }, 120_000);
});
