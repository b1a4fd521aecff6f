import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { extractFacts, kebabCase } from "../src/facts.ts";
import { aliasNames, generate } from "../src/generate.ts";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, "..");
const fixturePath = join(here, "fixtures/fixture-api.yaml");
const run = promisify(execFile);

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "junction-gen-"));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Type-checks `probe` against generated files written to a fresh folder; returns the diagnostics. */
async function typecheck(files: Record<string, string>, probe: string): Promise<string[]> {
  const dir = await mkdtemp(join(workDir, "tc-"));
  for (const [name, contents] of Object.entries(files)) await writeFile(join(dir, name), contents);
  await writeFile(join(dir, "probe.ts"), probe);
  const program = ts.createProgram([join(dir, "probe.ts")], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file?.fileName.split("/").pop()}:${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

describe("facts from the fixture spec", () => {
  const doc = parse(readFileSync(fixturePath, "utf8"));
  const facts = extractFacts(doc);

  it("names environments from x-fern-server-name and strips trailing slashes", () => {
    expect(facts.environments).toEqual([
      { name: "production", url: "https://api.example.test" },
      { name: "production-eu", url: "https://api.eu.example.test" },
      { name: "server-3", url: "https://staging.example.test" },
    ]);
  });

  it("reads the API-key header from securitySchemes", () => {
    expect(facts.apiKeyHeader).toBe("x-fixture-key");
  });

  it("indexes every operation with its method, path, tag and pagination style", () => {
    const byId = Object.fromEntries(facts.operations.map((o) => [o.operationId, o]));
    expect(Object.keys(byId).sort()).toEqual(
      ["bulk_export", "delete_user", "get_user", "list_providers", "list_users", "search_summaries"].sort(),
    );
    expect(byId.bulk_export).toEqual({
      operationId: "bulk_export",
      name: "bulk_export",
      method: "post",
      path: "/v2/link/bulk_export",
      tag: "link",
      deprecated: false,
      beta: false,
      pagination: { style: "body", tokenParam: "next_token", nextTokenField: "next_token", itemsField: "data" },
      response: "json",
      accept: null,
      idempotencyKeyHeader: null,
      maxRequestBodyBytes: null,
      maxConcurrency: null,
    });
    // The cursor parameter is declared on the path item, not the operation.
    expect(byId.list_users?.pagination).toEqual({
      style: "cursor",
      tokenParam: "cursor",
      nextTokenField: "next_cursor",
      itemsField: "users",
    });
    expect(byId.search_summaries?.pagination).toBeNull();
    expect(byId.list_providers?.pagination).toBeNull();
    expect(byId.get_user).toMatchObject({ method: "get", tag: "user", pagination: null });
    expect(byId.search_summaries?.tag).toBeNull();
  });

  it("marks enums open from their own description or from a describing $ref", () => {
    expect(facts.enums).toEqual([
      { schemaName: "Providers", values: ["oura", "fitbit", "garmin"], open: true },
      { schemaName: "Labs", values: ["quest", "labcorp"], open: true },
      { schemaName: "Region", values: ["us", "eu"], open: false },
    ]);
  });

  it("finds secret fields by name, format and writeOnly, but not pagination tokens", () => {
    expect(facts.secretFields).toEqual(["access_token", "client_secret", "passphrase", "refresh_token"]);
  });

  it("refuses what is not an OpenAPI 3 document, and clashing names", () => {
    expect(() => extractFacts({ swagger: "2.0" })).toThrow(/Not an OpenAPI 3\.0\/3\.1 document/);
    expect(() =>
      extractFacts({
        openapi: "3.1.0",
        servers: [
          { url: "https://a", "x-fern-server-name": "Prod" },
          { url: "https://b", "x-fern-server-name": "prod" },
        ],
      }),
    ).toThrow(/Two servers are both named "prod"/);
  });
});

describe("generated files for the fixture spec", () => {
  const doc = parse(readFileSync(fixturePath, "utf8"));

  it("start with the do-not-edit header", async () => {
    const files = await generate(doc, "fixture-api.yaml");
    for (const contents of Object.values(files)) {
      expect(contents.split("\n")[0]).toBe(
        "// This file is generated by `pnpm gen` from fixture-api.yaml. Do not edit it by hand:",
      );
    }
  });

  it("exports runtime facts that match the spec", async () => {
    const files = await generate(doc, "fixture-api.yaml");
    const dir = await mkdtemp(join(workDir, "rt-"));
    for (const [name, contents] of Object.entries(files)) await writeFile(join(dir, name), contents);
    const runtime = await import(join(dir, "runtime.ts"));
    expect(runtime.environments).toEqual({
      production: "https://api.example.test",
      "production-eu": "https://api.eu.example.test",
      "server-3": "https://staging.example.test",
    });
    expect(runtime.defaultEnvironment).toBe("production");
    expect(runtime.apiKeyHeader).toBe("x-fixture-key");
    expect(runtime.specVersion).toBe("1.2.3");
    expect(runtime.ProvidersValues).toEqual(["oura", "fitbit", "garmin"]);
    expect(runtime.RegionValues).toEqual(["us", "eu"]);
    expect(runtime.operationIndex.list_users.pagination.style).toBe("cursor");
    expect(runtime.paginated["get /v2/users"]).toMatchObject({ style: "cursor", tokenParam: "cursor" });
    expect(Object.keys(runtime.operationIndex)).toHaveLength(6);
  });

  it("type-checks: open enums take any string, closed ones reject unknown values, nullable anyOf is T | null", async () => {
    const files = await generate(doc, "fixture-api.yaml");
    const probe = `
      import type { ExportBody, Providers, Labs, Region, Credential, ClientFacingUserSummary, paths } from "./schema.js";
      import { ProvidersValues, RegionValues, operationIndex } from "./runtime.js";
      const known: Providers = "oura";
      const unknown: Providers = "brand_new_provider";
      const lab: Labs = "some_new_lab";
      const region: Region = "eu";
      // @ts-expect-error: Region is exhaustive
      const badRegion: Region = "apac";
      // @ts-expect-error: provider is required
      const noProvider: ExportBody = {};
      const body: ExportBody = { provider: "fitbit", next_token: null };
      const note: Credential["note"] = null;
      // @ts-expect-error: note is string | null, never a number
      const badNote: Credential["note"] = 1;
      const tz: ClientFacingUserSummary["fallback_time_zone"] = null;
      type Page = paths["/v2/users"]["get"]["responses"][200]["content"]["application/json"];
      const page: Page = { users: [], next_cursor: null };
      const values: readonly Providers[] = ProvidersValues;
      const regions: readonly Region[] = RegionValues;
      // @ts-expect-error: the values array is readonly
      ProvidersValues.push("x");
      const style: "cursor" = operationIndex.list_users.pagination.style;
      const none: null = operationIndex.get_user.pagination;
      export { known, unknown, lab, region, badRegion, noProvider, body, note, badNote, tz, page, values, regions, style, none };
    `;
    expect(await typecheck({ ...files }, probe)).toEqual([]);
  });

  it("gives every schema a valid, unique alias", () => {
    expect([...aliasNames(["client_facing.User-Summary", "paths", "9lives", "A", "a-"]).values()]).toEqual([
      "ClientFacingUserSummary",
      "Paths",
      "Schema9lives",
      "A",
      "A2",
    ]);
    expect(kebabCase("ProductionEU")).toBe("production-eu");
    expect(kebabCase("SandboxEU")).toBe("sandbox-eu");
  });
});

describe("a large spec", () => {
  it("generates hundreds of operations and schemas, all indexed and type-correct", async () => {
    const schemas: Record<string, unknown> = {};
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 700; i++) {
      schemas[`Model${i}`] = {
        type: "object",
        required: ["id"],
        properties: {
          id: { type: "string" },
          value: { anyOf: [{ type: "number" }, { type: "null" }] },
          ...(i > 0 ? { parent: { $ref: `#/components/schemas/Model${i - 1}` } } : {}),
        },
      };
    }
    for (let i = 0; i < 200; i++) {
      const paged = i % 3 === 0;
      paths[`/v2/resource${i}`] = {
        get: {
          operationId: `get_resource_${i}`,
          tags: [`tag${i % 12}`],
          parameters: paged ? [{ name: "cursor", in: "query", schema: { type: "string" } }] : [],
          responses: {
            200: {
              description: "ok",
              content: {
                "application/json": {
                  schema: {
                    type: "object",
                    properties: {
                      items: { type: "array", items: { $ref: `#/components/schemas/Model${i}` } },
                      ...(paged ? { next_cursor: { anyOf: [{ type: "string" }, { type: "null" }] } } : {}),
                    },
                  },
                },
              },
            },
          },
        },
      };
    }
    const big = { openapi: "3.1.0", info: { title: "Big", version: "9" }, paths, components: { schemas } };
    const files = await generate(big, "big.yaml");
    const facts = extractFacts(big);
    expect(facts.operations).toHaveLength(200);
    expect(facts.operations.filter((o) => o.pagination?.style === "cursor")).toHaveLength(67);
    expect(files["schema.ts"]).toContain("export type Model699 = ");
    const probe = `
      import type { Model699, paths } from "./schema.js";
      const m: Model699 = { id: "a", value: null, parent: { id: "b" } };
      type R = paths["/v2/resource3"]["get"]["responses"][200]["content"]["application/json"];
      const r: R = { items: [], next_cursor: null };
      export { m, r };
    `;
    expect(await typecheck({ ...files }, probe)).toEqual([]);
  });
});

describe("junction-codegen --check (pnpm gen:check)", () => {
  const bin = join(packageDir, "bin/junction-codegen.mjs");
  const typesDir = resolve(packageDir, "../openapi-types");

  it("passes on files it generated and fails, naming the fix, once the spec changes", async () => {
    const out = join(workDir, "check-out");
    const spec = join(workDir, "spec.yaml");
    await mkdir(out, { recursive: true });
    // The one-operation slice keeps this test quick: the check itself does not depend on the spec's size.
    const vendored = await readFile(resolve(packageDir, "../../openapi/slices/bulk-export-0.4.483.yaml"), "utf8");
    await writeFile(spec, vendored);

    const written = await run(process.execPath, [bin, "--spec", spec, "--out", out], { cwd: typesDir });
    expect(written.stdout).toMatch(
      /^Generated \(schema\.ts [\d.]+ kB, runtime\.ts [\d.]+ kB, operations\.ts [\d.]+ kB\)/,
    );
    const ok = await run(process.execPath, [bin, "--check", "--spec", spec, "--out", out], { cwd: typesDir });
    expect(ok.stdout).toMatch(/up to date/);

    await writeFile(spec, vendored.replace(/^( {2}version:) .*$/m, "$1 0.0.0-next"));
    const failed = await run(process.execPath, [bin, "--check", "--spec", spec, "--out", out], { cwd: typesDir }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/out of date/);
    expect(failed?.stderr).toMatch(/Run `pnpm gen`/);
  });
});
