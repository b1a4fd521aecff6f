import { describe, expect, it } from "vitest";
import { minimalExample, minimalRequest } from "../src/minimal-example.ts";

const doc = {
  paths: {
    "/things/{id}": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } }],
      post: {
        parameters: [
          { $ref: "#/components/parameters/Limit" },
          { name: "q", in: "query", schema: { type: "string" } },
          { name: "x-tag", in: "header", required: true, schema: { type: "integer", minimum: 3 } },
        ],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/Body" } } },
        },
        responses: {},
      },
    },
  },
  components: {
    parameters: { Limit: { name: "limit", in: "query", required: true, schema: { type: "integer", minimum: 1 } } },
    schemas: {
      Kind: { type: "string", enum: [null, "a", "b"] },
      Base: { type: "object", properties: { id: { type: "string", format: "uuid" } }, required: ["id"] },
      Body: {
        allOf: [
          { $ref: "#/components/schemas/Base" },
          {
            type: "object",
            properties: {
              kind: { $ref: "#/components/schemas/Kind", description: "ℹ️ This enum is non-exhaustive." },
              when: { type: "string", format: "date-time" },
              day: { type: "string", format: "date" },
              email: { type: "string", format: "email" },
              site: { type: "string", format: "uri" },
              name: { type: "string", minLength: 10, maxLength: 12 },
              code: { type: "string", maxLength: 3 },
              n: { type: "integer", exclusiveMinimum: 5, multipleOf: 4 },
              x: { type: "number", maximum: -2 },
              list: { type: "array", items: { type: "boolean" }, minItems: 2 },
              maybe: { anyOf: [{ type: "null" }, { type: "string", format: "uuid" }] },
              both: { type: ["null", "integer"] },
              fixed: { const: "v1" },
              optional: { type: "string" },
            },
            required: [
              "kind",
              "when",
              "day",
              "email",
              "site",
              "name",
              "code",
              "n",
              "x",
              "list",
              "maybe",
              "both",
              "fixed",
            ],
          },
        ],
      },
    },
  },
};

describe("minimalExample", () => {
  it("fills required fields only, with values that satisfy each keyword", () => {
    expect(minimalExample({ $ref: "#/components/schemas/Body" }, doc)).toEqual({
      id: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
      kind: "a",
      when: "2024-01-31T12:00:00Z",
      day: "2024-01-31",
      email: "user@example.com",
      site: "https://example.com/",
      name: "examplexxx",
      code: "exa",
      n: 8,
      x: -2,
      list: [true, true],
      maybe: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
      both: 0,
      fixed: "v1",
    });
  });

  it("fails clearly on a $ref it cannot resolve", () => {
    expect(() => minimalExample({ $ref: "#/components/schemas/Missing" }, doc)).toThrow(
      'Unresolvable $ref "#/components/schemas/Missing".',
    );
  });
});

describe("minimalRequest", () => {
  it("takes required path, query and header parameters (path-level ones too) and the body", () => {
    const request = minimalRequest(doc, "post", "/things/{id}");
    expect(request.params).toEqual({
      path: { id: "3fa85f64-5717-4562-b3fc-2c963f66afa6" },
      query: { limit: 1 },
      header: { "x-tag": "3" },
    });
    expect(request.body).toMatchObject({ id: "3fa85f64-5717-4562-b3fc-2c963f66afa6", kind: "a" });
  });
});
