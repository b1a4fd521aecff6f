import { describe, expect, it } from "vitest";
import { minimalExample, minimalRequest, seedOf } from "../src/minimal-example.ts";

const ZIP = "^\\d{5}(-\\d{4})?$";

const doc = {
  openapi: "3.1.0",
  paths: {
    "/things/{id}": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
      post: {
        parameters: [
          { $ref: "#/components/parameters/Limit" },
          { name: "q", in: "query", schema: { type: "string" } },
          { name: "zip", in: "query", required: true, schema: { type: "string", pattern: ZIP } },
          { name: "x-tag", in: "header", required: true, schema: { type: "integer", minimum: 3, maximum: 9 } },
          { name: "x-note", in: "header", schema: { type: "string" } },
        ],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/Body" } } },
        },
        responses: {},
      },
      patch: {
        requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Base" } } } },
        responses: {},
      },
    },
    "/uploads": {
      post: {
        requestBody: {
          required: true,
          content: {
            "multipart/form-data": {
              schema: {
                type: "object",
                properties: {
                  file: { type: "array", items: { type: "string", format: "binary" } },
                  owner: { type: "string", format: "uuid" },
                  note: { type: "string" },
                },
                required: ["file", "owner"],
              },
            },
          },
        },
        responses: {},
      },
    },
  },
  components: {
    parameters: { Limit: { name: "limit", in: "query", required: true, schema: { type: "integer", minimum: 1 } } },
    schemas: {
      Kind: { type: "string", enum: [null, "a", "b"] },
      Base: {
        type: "object",
        properties: {
          id: { type: "string", format: "uuid" },
          created_at: { type: "string", format: "date-time", readOnly: true },
          extra: { type: "string" },
        },
        required: ["id", "created_at"],
      },
      Address: {
        type: "object",
        properties: { zip: { type: "string", pattern: ZIP }, line2: { type: "string" } },
        required: ["zip"],
      },
      Node: {
        type: "object",
        properties: {
          value: { type: "integer", minimum: 0, maximum: 0 },
          next: { anyOf: [{ $ref: "#/components/schemas/Node" }, { type: "null" }] },
          children: { type: "array", items: { $ref: "#/components/schemas/Node" } },
        },
        required: ["value", "next", "children"],
      },
      Loop: {
        type: "object",
        properties: { self: { $ref: "#/components/schemas/Loop" } },
        required: ["self"],
      },
      Body: {
        allOf: [
          { $ref: "#/components/schemas/Base" },
          {
            type: "object",
            properties: {
              kind: { $ref: "#/components/schemas/Kind", description: "ℹ️ This enum is non-exhaustive." },
              address: { $ref: "#/components/schemas/Address" },
              name: { type: "string", minLength: 10, maxLength: 12 },
              n: { type: "integer", exclusiveMinimum: 5, maximum: 20, multipleOf: 4 },
              x: { type: "number", minimum: -3, maximum: -2 },
              list: { type: "array", items: { type: "boolean" }, minItems: 2 },
              empty: { type: "array", items: { type: "string" } },
              maybe: { anyOf: [{ type: "null" }, { type: "string", format: "uuid" }], default: null },
              both: { type: ["null", "integer"], minimum: 1, maximum: 1 },
              fixed: { const: "v1" },
              picked: { type: "string", default: "chosen" },
              optional: { type: "string" },
              optionalObject: { $ref: "#/components/schemas/Address" },
            },
            required: ["kind", "address", "name", "n", "x", "list", "empty", "maybe", "both", "fixed", "picked"],
          },
        ],
      },
    },
  },
};

/** Patterns a value of each format must match (RFC 3339, RFC 4122, …). */
const FORMATS: Record<string, RegExp> = {
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  uuid4: /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i,
  date: /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  "date-time":
    /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  time: /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
  email: /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
  uri: /^[a-z][a-z0-9+.-]*:\/\/\S+$/i,
  hostname: /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i,
  ipv4: /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/,
  ipv6: /^([0-9a-f]{1,4}:){7}[0-9a-f]{1,4}$/i,
  byte: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/,
  duration: /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
};

const SEEDS = Array.from({ length: 25 }, (_, i) => i + 1);

describe("minimalExample", () => {
  it("fills required fields only, with values that satisfy each keyword", () => {
    const value = minimalExample({ $ref: "#/components/schemas/Body" }, doc) as Record<string, unknown>;
    expect(Object.keys(value).sort()).toEqual(
      ["id", "kind", "address", "name", "n", "x", "list", "empty", "maybe", "both", "fixed", "picked"].sort(),
    );
    expect(value.id).toMatch(FORMATS.uuid as RegExp);
    expect(["a", "b"]).toContain(value.kind);
    expect(Object.keys(value.address as object)).toEqual(["zip"]);
    expect((value.address as { zip: string }).zip).toMatch(new RegExp(ZIP));
    expect((value.name as string).length).toBeGreaterThanOrEqual(10);
    expect((value.name as string).length).toBeLessThanOrEqual(12);
    expect([8, 12, 16, 20]).toContain(value.n);
    expect(value.x).toBeGreaterThanOrEqual(-3);
    expect(value.x).toBeLessThanOrEqual(-2);
    expect(value.list).toHaveLength(2);
    expect((value.list as unknown[]).every((item) => typeof item === "boolean")).toBe(true);
    expect(value.empty).toEqual([]);
    expect(value.maybe).toMatch(FORMATS.uuid as RegExp);
    expect(value.both).toBe(1);
    expect(value.fixed).toBe("v1");
    expect(value.picked).toBe("chosen");
  });

  it("satisfies a pattern (a US zip code) whatever the seed", () => {
    for (const seed of SEEDS) {
      expect(minimalExample({ type: "string", pattern: ZIP }, doc, { seed })).toMatch(new RegExp(ZIP));
    }
  });

  it.each(Object.entries(FORMATS))("satisfies format %s whatever the seed", (format, pattern) => {
    for (const seed of SEEDS) {
      const value = minimalExample({ type: "string", format }, doc, { seed });
      expect(value).toMatch(pattern);
      if (format === "date" || format === "date-time") expect(Number.isNaN(Date.parse(value as string))).toBe(false);
    }
  });

  it("takes the non-null side of a nullable schema (anyOf, type list, enum, 3.0 nullable)", () => {
    for (const seed of SEEDS) {
      const options = { seed };
      expect(
        minimalExample({ anyOf: [{ type: "null" }, { type: "integer", minimum: 2 }] }, doc, options),
      ).toBeGreaterThanOrEqual(2);
      expect(minimalExample({ oneOf: [{ type: "string", format: "date" }, { type: "null" }] }, doc, options)).toMatch(
        FORMATS.date as RegExp,
      );
      expect(minimalExample({ type: ["string", "null"], format: "uuid" }, doc, options)).toMatch(
        FORMATS.uuid as RegExp,
      );
      expect(minimalExample({ $ref: "#/components/schemas/Kind" }, doc, options)).not.toBeNull();
      expect(minimalExample({ type: "string", nullable: true, enum: ["x"] }, doc, options)).toBe("x");
    }
  });

  it("keeps 3.0 boolean exclusive bounds", () => {
    for (const seed of SEEDS) {
      const value = minimalExample({ type: "integer", minimum: 1, exclusiveMinimum: true, maximum: 2 }, doc, { seed });
      expect(value).toBe(2);
    }
  });

  it("bounds a recursive schema: it stops at the null it may take, and arrays without minItems stay empty", () => {
    expect(minimalExample({ $ref: "#/components/schemas/Node" }, doc)).toEqual({ value: 0, next: null, children: [] });
  });

  it("fails clearly on a required field that refers to itself, and on a $ref it cannot resolve", () => {
    expect(() => minimalExample({ $ref: "#/components/schemas/Loop" }, doc)).toThrow("refers back to itself");
    expect(() => minimalExample({ $ref: "#/components/schemas/Missing" }, doc)).toThrow(
      'Unresolvable $ref "#/components/schemas/Missing".',
    );
  });

  it("is deterministic: the same seed gives the same value", () => {
    const schema = { $ref: "#/components/schemas/Body" };
    expect(minimalExample(schema, doc, { seed: 7 })).toEqual(minimalExample(schema, doc, { seed: 7 }));
    expect(seedOf("post /things/{id} body")).toBe(seedOf("post /things/{id} body"));
  });
});

describe("minimalRequest", () => {
  it("takes required path, query and header parameters (path-level ones too) and the required body", () => {
    const request = minimalRequest(doc, "post", "/things/{id}");
    expect(Object.keys(request.params.path ?? {})).toEqual(["id"]);
    expect(request.params.path?.id).toMatch(FORMATS.uuid as RegExp);
    expect(Object.keys(request.params.query ?? {}).sort()).toEqual(["limit", "zip"]);
    expect(request.params.query?.limit).toBeGreaterThanOrEqual(1);
    expect(request.params.query?.zip).toMatch(new RegExp(ZIP));
    expect(Object.keys(request.params.header ?? {})).toEqual(["x-tag"]);
    expect(Number(request.params.header?.["x-tag"])).toBeGreaterThanOrEqual(3);
    expect(typeof request.params.header?.["x-tag"]).toBe("string");
    expect(request.mediaType).toBe("application/json");
    // `created_at` is required but read-only: a request does not send it.
    expect(request.body).not.toHaveProperty("created_at");
    expect(request.body).toMatchObject({ fixed: "v1", address: { zip: expect.stringMatching(new RegExp(ZIP)) } });
  });

  it("leaves out a body the operation does not require", () => {
    expect(minimalRequest(doc, "patch", "/things/{id}").body).toBeUndefined();
  });

  it("sends a form body as FormData, with a small file for a required list of files", () => {
    const request = minimalRequest(doc, "post", "/uploads");
    expect(request.mediaType).toBe("multipart/form-data");
    const form = request.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect([...form.keys()].sort()).toEqual(["file", "owner"]);
    expect(form.get("file")).toBeInstanceOf(Blob);
    expect((form.get("file") as Blob).size).toBeGreaterThan(0);
    expect(form.get("owner")).toMatch(FORMATS.uuid as RegExp);
  });

  it("is deterministic: the same request on every call, whatever was built before", () => {
    const first = minimalRequest(doc, "post", "/things/{id}");
    minimalRequest(doc, "post", "/uploads");
    expect(minimalRequest(doc, "post", "/things/{id}")).toEqual(first);
  });

  it("fails clearly on an operation the spec does not have", () => {
    expect(() => minimalRequest(doc, "get", "/nowhere")).toThrow("GET /nowhere is not in the spec.");
  });
});
