/**
 * Every operation of the vendored spec is called through the client against Prism with a minimal valid
 * request sampled from its schemas (src/minimal-example.ts). Each row must pass Prism's request
 * validation (a request violation is our bug and fails) and get a 2xx, which the client must decode as
 * the operation's response kind says: parsed JSON, a Blob, or no body.
 *
 * Where the response Prism serves (the spec's own example) contradicts the response schema, the defect
 * is Junction's: such defects are listed in the committed spec-defects.json, and only one missing from
 * that file fails. The same table runs on a large generated spec to show it scales (times are printed,
 * not asserted).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { extractFacts, operationsOf } from "@junction/codegen";
import { defaultSpecPath, type RunningServer, startPrism } from "@junction/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { minimalRequest } from "../src/minimal-example.ts";
import { parseSpecText, stringifySpec } from "../src/spec-io.ts";
import { type ContractResult, contractTable, parseViolations, runContract } from "./support/contract.ts";
import { makeLargeSpec } from "./support/large-spec.ts";
import {
  compareDefects,
  defectLines,
  defectsFile,
  defectsOf,
  REGENERATE_COMMAND,
  readDefectsFile,
  type SpecDefect,
  UPDATE_ENV,
  writeDefectsFile,
} from "./support/spec-defects.ts";

const vendored = parseSpecText(await readFile(defaultSpecPath, "utf8"), "openapi/junction.yaml");
const facts = extractFacts(vendored);
const table = await contractTable(vendored);
const DEFECTS_FILE = fileURLToPath(new URL("../spec-defects.json", import.meta.url));
/** Calls in flight at once: Prism is one Node process, and CI machines may have 2 cores. */
const CONCURRENCY = 8;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && value.constructor === Object;

describe("contract table of the vendored spec", () => {
  let prism: RunningServer | undefined;
  const results = new Map<string, ContractResult>();
  beforeAll(async () => {
    const started = performance.now();
    // Without --errors, Prism still answers an invalid request with the spec's 422 and lists every
    // violation in `sl-violations`, but a response that contradicts its schema is served as it is
    // (with --errors it becomes a 500): every 2xx body reaches the client, so every row checks how the
    // client decodes it, and the spec's defects are read from the same header.
    prism = await startPrism({ errors: false, startTimeoutMs: 110_000 });
    const ready = performance.now();
    for (const result of await runContract(vendored, prism.url, table, CONCURRENCY)) {
      results.set(result.operationId, result);
    }
    const done = performance.now();
    console.log(
      `contract table, vendored spec (${table.length} operations, ${Object.keys(vendored.components?.schemas ?? {}).length} schemas): ` +
        `Prism started in ${Math.round(ready - started)} ms, ${table.length} calls in ${Math.round(done - ready)} ms ` +
        `(${CONCURRENCY} at a time)`,
    );
  }, 180_000);
  afterAll(() => prism?.close());

  it("has one row per operation of the spec, each with its own operationId", () => {
    const operations = operationsOf(vendored).map((op) => `${op.method} ${op.path}`);
    expect(table.map((row) => `${row.method} ${row.path}`)).toEqual(operations);
    expect(new Set(table.map((row) => row.operationId)).size).toBe(table.length);
    expect(table.length).toBeGreaterThan(0);
  });

  it.for(table)(
    "$method $path ($operationId): Prism accepts the minimal request; the 2xx is decoded as $response",
    (row, { skip }) => {
      const result = results.get(row.operationId);
      if (!result) throw new Error(`${row.operationId} was not called.`);
      // Ours: a request Prism rejects fails the build.
      expect(result.requestViolations).toEqual([]);
      if (result.mockLimitations.length > 0) {
        skip(`Prism cannot validate this valid request: ${result.mockLimitations.map((v) => v.message).join("; ")}`);
      }
      expect(result.status, `status ${result.status}, body ${JSON.stringify(result.data)}`).toBeGreaterThanOrEqual(200);
      expect(result.status).toBeLessThan(300);
      const hint =
        row.response === "binary"
          ? " (the client reads a binary response as a Blob by its generated request rules: run `pnpm gen` and rebuild @junction/openapi-types and @junction/client if they are stale)"
          : "";
      expect(result.decoded, `the client decoded a ${row.response} response as ${result.decoded}${hint}`).toBe(
        row.response,
      );
      if (row.response === "binary") {
        expect(result.data).toBeInstanceOf(Blob);
        if (result.contentLength !== "0") expect(result.blobSize).toBeGreaterThan(0);
      }
      if (row.response === "empty") expect(result.data).toBeUndefined();
    },
  );

  it("spec defects: every response example that contradicts its schema is listed in spec-defects.json", async () => {
    const current = defectsOf([...results.values()]);
    const summary =
      `spec defects: ${current.length} operations whose examples contradict their schemas ` +
      `(${defectLines(current).length} violations); see packages/spec-tools/spec-defects.json`;
    if (process.env[UPDATE_ENV] === "1") {
      await writeDefectsFile(DEFECTS_FILE, defectsFile(facts.version, current));
      console.log(`${summary} (rewritten)`);
      return;
    }
    const committed = await readDefectsFile(DEFECTS_FILE);
    const { added, removed } = compareDefects(committed?.operations ?? [], current);
    console.log(summary);
    if (removed.length > 0) {
      console.log(
        `spec defects no longer found (regenerate spec-defects.json with \`${REGENERATE_COMMAND}\`):\n  ${removed.join("\n  ")}`,
      );
    }
    if (committed && committed.spec !== facts.version && added.length === 0) {
      console.log(`spec-defects.json was written for spec ${committed.spec}, this is ${facts.version}.`);
    }
    expect(
      added,
      `${added.length} spec defects are not in spec-defects.json. Review them (they are Junction's examples, not the SDK), ` +
        `then regenerate the file in packages/spec-tools with: ${REGENERATE_COMMAND}`,
    ).toEqual([]);
  });

  it("can fail: the same request without its required body fields is a request violation", async () => {
    const row = table.find((r) => {
      const body = minimalRequest(vendored, r.method, r.path).body;
      return isPlainObject(body) && Object.keys(body).length > 0;
    });
    if (!row || !prism) throw new Error("No operation of the spec has a required JSON body field.");
    const [result] = await runContract(vendored, prism.url, [row], 1, (request) => ({ ...request, body: {} }));
    expect(result?.status).toBe(422);
    expect(result?.requestViolations).toContainEqual(expect.objectContaining({ code: "required" }));
  });
});

describe("spec-defects report", () => {
  const defect = (operationId: string, ...messages: string[]): SpecDefect => ({
    operationId,
    method: "get",
    path: `/${operationId}`,
    violations: messages.map((message) => ({ location: "response.body", code: "required", message })),
  });

  it("fails on a defect missing from the committed file, and only lists those that went away", () => {
    const committed = [defect("a", "x"), defect("b", "y")];
    const current = [defect("a", "x", "z")];
    expect(compareDefects(committed, current)).toEqual({
      added: ["GET /a (a) response.body: z [required]"],
      removed: ["GET /b (b) response.body: y [required]"],
    });
    expect(compareDefects(current, current)).toEqual({ added: [], removed: [] });
  });

  it("is sorted, deduplicated and leaves out rows whose request was rejected", () => {
    const row = (operationId: string, path: string, request: string[], response: string[]) =>
      ({
        operationId,
        method: "get",
        path,
        requestViolations: request.map((message) => ({ location: ["request"], severity: "Error", code: "x", message })),
        mockLimitations: [],
        responseViolations: response.map((message) => ({
          location: ["response", "body"],
          severity: "Error",
          code: "required",
          message,
        })),
      }) as unknown as ContractResult;
    const defects = defectsOf([
      row("b", "/b", [], ["m2", "m1", "m2"]),
      row("a", "/a", [], ["m"]),
      row("c", "/c", ["bad"], ["m"]),
    ]);
    expect(defects.map((d) => d.operationId)).toEqual(["a", "b"]);
    expect(defects[1]?.violations.map((v) => v.message)).toEqual(["m1", "m2"]);
  });

  it("reads Prism's header, also when Prism cut it short", () => {
    const entry = { location: ["response", "body"], severity: "Error", code: "required", message: "a } in it" };
    expect(parseViolations(JSON.stringify([entry]))).toEqual({ violations: [entry], truncated: false });
    const cut = `Too many violations! ${JSON.stringify([entry, entry]).slice(0, -20)}`;
    expect(parseViolations(cut)).toEqual({ violations: [entry], truncated: true });
    expect(parseViolations(null)).toEqual({ violations: [], truncated: false });
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
    const results = await runContract(large, prism.url, rows, CONCURRENCY);
    const ms = performance.now() - started;
    console.log(
      `contract table, large spec (${rows.length} operations, ${Object.keys(large.components.schemas).length} schemas): ` +
        `Prism started in ${Math.round(startMs)} ms, ${rows.length} calls in ${Math.round(ms)} ms`,
    );
    const failed = results.filter((r) => r.status < 200 || r.status >= 300 || r.violations.length > 0);
    expect(failed.map((r) => ({ op: r.operationId, status: r.status, violations: r.violations }))).toEqual([]);
    expect(results.filter((r) => r.decoded !== r.response).map((r) => r.operationId)).toEqual([]);
  }, 120_000);
});
