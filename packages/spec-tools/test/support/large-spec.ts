/**
 * A large OpenAPI 3.1 document made in the test, shaped like Junction's: `resources` resources with
 * 3 operations and 7 schemas each (list with query parameters, create with a JSON body, get by UUID),
 * using $ref, allOf, nullable anyOf, open and closed enums, formats, bounds and minItems.
 */
import type { Json } from "../../src/spec-io.ts";

export interface LargeSpecOptions {
  /** Resources; each adds 3 operations and 7 schemas. Default 100 (300 operations, 700 schemas). */
  resources?: number;
  version?: string;
}

export function makeLargeSpec({ resources = 100, version = "1.0.0" }: LargeSpecOptions = {}): Json {
  const paths: Record<string, Json> = {};
  const schemas: Record<string, Json> = {};
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  for (let i = 0; i < resources; i++) {
    const name = `Resource${String(i).padStart(3, "0")}`;
    const slug = `resource_${i}`;
    const other = `Resource${String((i + 1) % resources).padStart(3, "0")}`;
    schemas[`${name}Status`] = { type: "string", enum: ["active", "paused", "deleted"], title: `${name}Status` };
    schemas[`${name}Kind`] = {
      type: "string",
      enum: ["alpha", "beta", "gamma"],
      description: "ℹ️ This enum is non-exhaustive.",
    };
    schemas[`${name}Address`] = {
      type: "object",
      properties: { street: { type: "string", minLength: 3 }, country: { type: "string", minLength: 2, maxLength: 2 } },
      required: ["street", "country"],
    };
    schemas[`${name}Base`] = {
      type: "object",
      properties: {
        id: { type: "string", format: "uuid" },
        created_at: { type: "string", format: "date-time" },
      },
      required: ["id", "created_at"],
    };
    schemas[name] = {
      allOf: [
        ref(`${name}Base`),
        {
          type: "object",
          properties: {
            status: ref(`${name}Status`),
            kind: { ...ref(`${name}Kind`), description: "ℹ️ This enum is non-exhaustive." },
            email: { type: "string", format: "email" },
            homepage: { anyOf: [{ type: "string", format: "uri" }, { type: "null" }] },
            score: { type: "integer", minimum: 1, maximum: 10 },
            ratio: { type: "number", exclusiveMinimum: 0, maximum: 1 },
            address: ref(`${name}Address`),
            related_id: { anyOf: [{ type: "string", format: "uuid" }, { type: "null" }] },
            tags: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
          },
          required: ["status", "kind", "score", "tags"],
        },
      ],
    };
    schemas[`${name}Create`] = {
      type: "object",
      properties: {
        email: { type: "string", format: "email" },
        birthday: { type: "string", format: "date" },
        kind: ref(`${name}Kind`),
        status: ref(`${name}Status`),
        score: { type: "integer", minimum: 1, maximum: 10 },
        address: ref(`${name}Address`),
        tags: { type: "array", items: { type: "string", minLength: 2 }, minItems: 2 },
        webhook: { type: "string", format: "uri" },
        related: { anyOf: [{ type: "null" }, ref(`${other}Base`)] },
        note: { type: ["string", "null"], maxLength: 140 },
        version: { const: 1 },
      },
      required: ["email", "birthday", "kind", "status", "score", "address", "tags", "webhook", "version"],
    };
    schemas[`${name}Page`] = {
      type: "object",
      properties: {
        data: { type: "array", items: ref(name) },
        next_cursor: { anyOf: [{ type: "string" }, { type: "null" }] },
      },
      required: ["data", "next_cursor"],
    };
    const ok = (schema: Json) => ({
      description: "Successful Response",
      content: { "application/json": { schema } },
    });
    const invalid = {
      description: "Validation Error",
      content: { "application/json": { schema: ref("HTTPValidationError") } },
    };
    paths[`/v2/${slug}`] = {
      get: {
        tags: [slug],
        summary: `List ${name}`,
        operationId: `list_${slug}`,
        parameters: [
          { name: "start_date", in: "query", required: true, schema: { type: "string", format: "date" } },
          { name: "limit", in: "query", required: true, schema: { type: "integer", minimum: 1, maximum: 100 } },
          { name: "status", in: "query", required: false, schema: ref(`${name}Status`) },
          { name: "cursor", in: "query", required: false, schema: { type: "string" } },
        ],
        responses: { "200": ok(ref(`${name}Page`)), "422": invalid },
      },
      post: {
        tags: [slug],
        summary: `Create ${name}`,
        operationId: `create_${slug}`,
        requestBody: { required: true, content: { "application/json": { schema: ref(`${name}Create`) } } },
        responses: { "201": ok(ref(name)), "422": invalid },
      },
    };
    paths[`/v2/${slug}/{${slug}_id}`] = {
      get: {
        tags: [slug],
        summary: `Get ${name}`,
        operationId: `get_${slug}`,
        parameters: [
          { name: `${slug}_id`, in: "path", required: true, schema: { type: "string", format: "uuid" } },
          { name: "x-request-tag", in: "header", required: true, schema: { type: "string", minLength: 4 } },
        ],
        responses: { "200": ok(ref(name)), "422": invalid },
      },
    };
  }
  schemas.HTTPValidationError = {
    type: "object",
    properties: { detail: { title: "Detail" } },
    title: "HTTPValidationError",
  };
  return {
    openapi: "3.1.0",
    info: { title: "Large Fixture API", version },
    servers: [{ url: "https://api.large.example.test", "x-fern-server-name": "Production" }],
    security: [{ apiKeyAuth: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: { apiKeyAuth: { type: "apiKey", in: "header", name: "x-vital-api-key" } },
    },
  };
}
