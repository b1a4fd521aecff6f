/**
 * What real specs hold, on a fixture made for it: the four paging styles, binary and text responses,
 * availability, the spec's extensions, negative and fractional enum numbers, `const`, `null` in
 * enums, recursive schemas, and exhaustiveness from a description or from `x-junction-exhaustive`.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { extractFacts, type OperationFact } from "../src/facts.ts";
import { generate } from "../src/generate.ts";
import { continuationFieldsOf } from "../src/pagination.ts";
import { createResolver, operationsOf } from "../src/spec.ts";

const doc = parse(readFileSync(join(import.meta.dirname, "fixtures/real-world.yaml"), "utf8"));
const facts = extractFacts(doc);
const byId = Object.fromEntries(facts.operations.map((o) => [o.operationId, o])) as Record<string, OperationFact>;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "codegen-real-world-"));
  for (const [name, contents] of Object.entries(await generate(doc, "real-world.yaml"))) {
    await writeFile(join(dir, name), contents);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function typecheck(probe: string): string[] {
  const file = join(dir, `probe-${Math.random().toString(36).slice(2)}.ts`);
  ts.sys.writeFile(file, probe);
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("pagination in four styles", () => {
  it("detects offset and limit, page and size, and a grouped cursor", () => {
    expect(byId.list_people?.pagination).toEqual({
      style: "offset",
      offsetParam: "offset",
      limitParam: "limit",
      totalField: "total",
      itemsField: "people",
    });
    expect(byId.list_orders?.pagination).toEqual({
      style: "page",
      pageParam: "page",
      sizeParam: "size",
      firstPage: 1,
      totalField: "total",
      itemsField: "orders",
    });
    // `cursor` is deprecated beside `next_cursor`: the current one is used.
    expect(byId.steps_grouped?.pagination).toEqual({
      style: "cursor",
      tokenParam: "next_cursor",
      nextTokenField: "next_cursor",
      itemsField: "groups",
      grouped: true,
    });
  });

  it("leaves alone a response with a total but no paging parameters, and an override decides", () => {
    expect(byId.get_stats?.pagination).toBeNull();
    const resolve = createResolver(doc);
    const stats = operationsOf(doc).find((o) => o.operation.operationId === "get_stats");
    expect(stats && continuationFieldsOf(stats, resolve)).toEqual(["total"]);
    const forced = extractFacts(doc, {
      paginationOverrides: {
        get_stats: {
          pagination: {
            style: "offset",
            offsetParam: "o",
            limitParam: "l",
            totalField: "total",
            itemsField: "samples",
          },
          reason: "a test",
        },
        list_people: { pagination: null, reason: "a test" },
        gone: { pagination: null, reason: "names nothing" },
      },
    });
    const forcedById = Object.fromEntries(forced.operations.map((o) => [o.operationId, o]));
    expect(forcedById.get_stats?.pagination?.style).toBe("offset");
    expect(forcedById.list_people?.pagination).toBeNull();
    expect(forced.warnings).toContain('The pagination override for "gone" names no operation of this spec; delete it.');
  });
});

describe("operations", () => {
  it("reads response kinds: a PDF beside an untyped JSON entry is binary, text/csv is text, 204 is empty", () => {
    expect(byId.report_pdf?.response).toBe("binary");
    expect(byId.report_csv?.response).toBe("text");
    expect(byId.old_call?.response).toBe("empty");
    expect(byId.list_people?.response).toBe("json");
  });

  it("reads short names, availability and the request rules of the extensions", () => {
    expect(byId.list_people?.name).toBe("people.get_all");
    expect(byId.list_orders?.name).toBe("list_orders");
    expect(byId.book_appointment).toMatchObject({
      name: "order.psc.book",
      beta: true,
      deprecated: false,
      idempotencyKeyHeader: "X-Idempotency-Key",
      maxRequestBodyBytes: 1000,
      maxConcurrency: 4,
    });
    expect(byId.old_call?.deprecated).toBe(true);
    expect(byId.older_call?.deprecated).toBe(true);
  });

  it("finds password and api_key as secret fields", () => {
    expect(facts.secretFields).toEqual(["api_key", "password"]);
  });

  it("opens enums by description or x-junction-exhaustive: false, and closes them by x-junction-exhaustive: true", () => {
    const open = Object.fromEntries(facts.enums.map((e) => [e.schemaName, e.open]));
    expect(open).toEqual({ SleepStage: true, NullableStatus: false, Mode: true, StatedClosed: false });
    expect(facts.enums.find((e) => e.schemaName === "SleepStage")?.values).toEqual([-1, 1, 2.5]);
    expect(facts.enums.find((e) => e.schemaName === "NullableStatus")?.values).toEqual(["active", "paused"]);
  });
});

describe("generated code", () => {
  it("writes the index, paging table and request rules", async () => {
    const runtime = await import(join(dir, "runtime.ts"));
    expect(Object.keys(runtime.paginated).sort()).toEqual([
      "get /v2/people",
      "get /v2/steps/{user_id}/grouped",
      "get /v3/orders",
    ]);
    expect(runtime.requestRules).toEqual({
      "get /v2/report/{id}/pdf": { parseAs: "blob", accept: "application/pdf" },
      "get /v2/report/{id}/csv": { parseAs: "text", accept: "text/csv" },
      "post /v3/book": { idempotencyKeyHeader: "X-Idempotency-Key", maxRequestBodyBytes: 1000 },
    });
    expect(runtime.SleepStageValues).toEqual([-1, 1, 2.5]);
  });

  it("marks deprecated and beta operations in JSDoc an editor shows", async () => {
    const runtime = readFileSync(join(dir, "runtime.ts"), "utf8");
    expect(runtime).toMatch(/\* @deprecated[^\n]*\n\s*\*\/\n\s*old_call:/);
    expect(runtime).toMatch(/\* @beta[^\n]*\n\s*\*\/\n\s*book_appointment:/);
    const schema = readFileSync(join(dir, "schema.ts"), "utf8");
    expect(schema).toMatch(/@beta/);
    expect(schema).toMatch(/@deprecated/);
  });

  it("type-checks what real specs hold", () => {
    const probe = `
      import type { Person, Order, SleepStage, NullableStatus, Mode, StatedClosed, Tree, paths } from "./schema.js";
      const stage: SleepStage = -1;
      const half: SleepStage = 2.5;
      const future: SleepStage = 7;
      // @ts-expect-error: a number enum stays numeric
      const word: SleepStage = "deep";
      const status: NullableStatus = null;
      // @ts-expect-error: NullableStatus is exhaustive
      const other: NullableStatus = "other";
      const mode: Mode = "turbo";
      // @ts-expect-error: x-junction-exhaustive: true wins over the description
      const closed: StatedClosed = "c";
      const person: Person = { id: "p", kind: "person", event: "person.created" };
      // @ts-expect-error: kind is a const
      const alien: Person = { id: "p", kind: "robot" };
      // @ts-expect-error: event is exhaustive (x-junction-exhaustive on an inline enum)
      const unknownEvent: Person = { id: "p", kind: "person", event: "person.deleted" };
      const tree: Tree = { name: "a", children: [{ name: "b", children: [] }] };
      const order: Order = { id: "o", parent: tree };
      type Pdf = paths["/v2/report/{id}/pdf"]["get"]["responses"][200]["content"]["application/pdf"];
      const pdf: Pdf = new Blob([]);
      export { stage, half, future, word, status, other, mode, closed, person, alien, unknownEvent, order, pdf };
    `;
    expect(typecheck(probe)).toEqual([]);
  });
});
