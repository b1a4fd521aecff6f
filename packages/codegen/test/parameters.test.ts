/**
 * Per-operation request facts (`operations.ts`): parameter names, places, requirement, simple types,
 * enum values and request bodies, on a small spec made for it and on the fixture spec.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { extractFacts } from "../src/facts.ts";
import { generate } from "../src/generate.ts";
import type { Json } from "../src/spec.ts";

const ok = { 200: { description: "ok", content: { "application/json": { schema: { type: "object" } } } } };

/** A spec with one operation per entry of `operations` (`parameters`, `requestBody`), sharing components. */
function spec(operations: Record<string, Json>): Json {
  return {
    openapi: "3.1.0",
    info: { title: "Params", version: "1" },
    paths: Object.fromEntries(
      Object.entries(operations).map(([id, op], i) => [
        `/p${i}/{id}`,
        { get: { operationId: id, responses: ok, ...op } },
      ]),
    ),
    components: {
      schemas: {
        Providers: { type: "string", enum: ["oura", "fitbit"], description: "ℹ️ This enum is non-exhaustive." },
        Region: { type: "string", enum: ["us", "eu"] },
      },
    },
  };
}

const param = (name: string, where: string, schema: Json, extra: Json = {}) => ({ name, in: where, schema, ...extra });
const shapes = (operations: Record<string, Json>) => extractFacts(spec(operations)).requests;

describe("parameter facts", () => {
  it("reads place, requirement, type and format; path parameters are always required", () => {
    const { op } = shapes({
      op: {
        parameters: [
          param("id", "path", { type: "string", format: "uuid" }),
          param("limit", "query", { type: "integer", default: 100 }),
          param("ratio", "query", { type: "number" }, { required: true }),
          param("flag", "query", { type: "boolean" }),
          param("x-trace", "header", { type: "string" }),
        ],
      },
    });
    expect(op?.parameters).toEqual([
      { name: "id", in: "path", required: true, type: "string", format: "uuid" },
      { name: "limit", in: "query", required: false, type: "integer" },
      { name: "ratio", in: "query", required: true, type: "number" },
      { name: "flag", in: "query", required: false, type: "boolean" },
      { name: "x-trace", in: "header", required: false, type: "string" },
    ]);
  });

  it("follows $refs to enums, keeps their openness, and looks through nullable unions and arrays", () => {
    const { op } = shapes({
      op: {
        parameters: [
          param("id", "path", { $ref: "#/components/schemas/Providers" }),
          param("region", "query", { anyOf: [{ $ref: "#/components/schemas/Region" }, { type: "null" }] }),
          param("regions", "query", {
            anyOf: [{ type: "array", items: { $ref: "#/components/schemas/Region" } }, { type: "null" }],
          }),
          param("sort", "query", { type: "string", enum: ["asc", "desc"] }),
          param("old", "query", { anyOf: [{ type: "string" }, { type: "null" }], deprecated: true }),
        ],
      },
    });
    expect(op?.parameters).toEqual([
      { name: "id", in: "path", required: true, type: "string", enum: ["oura", "fitbit"], enumOpen: true },
      { name: "region", in: "query", required: false, type: "string", enum: ["us", "eu"] },
      { name: "regions", in: "query", required: false, type: "string", enum: ["us", "eu"], array: true },
      { name: "sort", in: "query", required: false, type: "string", enum: ["asc", "desc"] },
      { name: "old", in: "query", required: false, type: "string", deprecated: true },
    ]);
  });

  it("leaves unconstrained what the variants of a union disagree on", () => {
    const { op } = shapes({
      op: {
        parameters: [
          // A UUID or a slug: any string, no format check.
          param("id", "path", { anyOf: [{ type: "string", format: "uuid" }, { type: "string" }], union_mode: "x" }),
          param("n", "query", { anyOf: [{ type: "integer" }, { type: "number" }] }),
          param("either", "query", {
            anyOf: [{ $ref: "#/components/schemas/Providers" }, { $ref: "#/components/schemas/Region" }],
          }),
          param("loose", "query", { anyOf: [{ $ref: "#/components/schemas/Region" }, { type: "string" }] }),
        ],
      },
    });
    expect(op?.parameters).toEqual([
      { name: "id", in: "path", required: true, type: "string" },
      { name: "n", in: "query", required: false, type: "number" },
      {
        name: "either",
        in: "query",
        required: false,
        type: "string",
        enum: ["oura", "fitbit", "us", "eu"],
        enumOpen: true,
      },
      { name: "loose", in: "query", required: false, type: "string" },
    ]);
  });

  it("says whether there is a body, of which kind, and whether it is required", () => {
    const body = (mediaType: string, required?: boolean) => ({
      requestBody: { required, content: { [mediaType]: { schema: { type: "object" } } } },
    });
    const found = shapes({
      none: {},
      json: body("application/json", true),
      optional: body("application/json"),
      upload: body("multipart/form-data", true),
      raw: body("application/octet-stream", true),
    });
    expect(Object.fromEntries(Object.entries(found).map(([id, s]) => [id, s.body]))).toEqual({
      none: null,
      json: { kind: "json", mediaType: "application/json", required: true },
      optional: { kind: "json", mediaType: "application/json", required: false },
      upload: { kind: "form", mediaType: "multipart/form-data", required: true },
      raw: { kind: "other", mediaType: "application/octet-stream", required: true },
    });
  });
});

describe("operations.ts of the fixture spec", () => {
  const doc = parse(readFileSync(join(import.meta.dirname, "fixtures/fixture-api.yaml"), "utf8"));
  let dir: string | undefined;
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it("is a file of its own, keyed like operationIndex, and runtime.ts does not carry it", async () => {
    const files = await generate(doc, "fixture-api.yaml");
    expect(files["operations.ts"].split("\n")[0]).toBe(
      "// This file is generated by `pnpm gen` from fixture-api.yaml. Do not edit it by hand:",
    );
    expect(files["runtime.ts"]).not.toContain("operationRequests");
    expect(files["operations.ts"]).not.toMatch(/^import /m);
    dir = await mkdtemp(join(tmpdir(), "codegen-operations-"));
    for (const [name, contents] of Object.entries(files)) await writeFile(join(dir, name), contents);
    const { operationRequests } = await import(join(dir, "operations.ts"));
    const { operationIndex } = await import(join(dir, "runtime.ts"));
    expect(Object.keys(operationRequests)).toEqual(Object.keys(operationIndex));
    expect(operationRequests.get_user).toEqual({
      parameters: [{ name: "user_id", in: "path", required: true, type: "string", format: "uuid" }],
      body: null,
    });
    expect(operationRequests.bulk_export.body).toEqual({
      kind: "json",
      mediaType: "application/json",
      required: true,
    });
    // The cursor is declared on the path item: it is the operation's parameter all the same.
    expect(operationRequests.list_users.parameters.map((p: { name: string }) => p.name)).toEqual(["cursor", "limit"]);
  });
});
