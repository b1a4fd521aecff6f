/**
 * The smallest valid value of a JSON schema, and the smallest valid request of an operation: required
 * fields and parameters only, with values that satisfy type, format, enum, const and bounds. Used by the
 * contract tests to call every operation of a spec without hand-written requests.
 */
import type { Json } from "./spec-io.ts";
import { pointerTarget } from "./spec-walk.ts";

const MAX_DEPTH = 24;
const DOCUMENTATION = new Set(["description", "title", "example", "examples", "$comment", "deprecated"]);

const FORMAT_EXAMPLES: Record<string, string> = {
  uuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
  date: "2024-01-31",
  "date-time": "2024-01-31T12:00:00Z",
  time: "12:00:00Z",
  email: "user@example.com",
  "idn-email": "user@example.com",
  uri: "https://example.com/",
  url: "https://example.com/",
  "uri-reference": "https://example.com/",
  iri: "https://example.com/",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  byte: "AA==",
  duration: "P1D",
};

function deref(doc: Json, schema: Json): Json {
  let node = schema;
  for (let hops = 0; hops < 64 && node && typeof node.$ref === "string"; hops++) {
    const target = pointerTarget(doc, node.$ref);
    if (target === undefined) throw new Error(`Unresolvable $ref "${node.$ref}".`);
    // Keywords beside a 3.1 $ref apply too.
    const { $ref: _, ...siblings } = node;
    node = Object.keys(siblings).length ? { ...target, ...siblings } : target;
  }
  return node;
}

const isNullSchema = (doc: Json, schema: Json) => {
  const s = deref(doc, schema);
  return s?.type === "null" || (Array.isArray(s?.enum) && s.enum.length === 1 && s.enum[0] === null);
};

function numberExample(schema: Json, integer: boolean): number {
  const exclusiveMin = typeof schema.exclusiveMinimum === "number" ? schema.exclusiveMinimum : undefined;
  const exclusiveMax = typeof schema.exclusiveMaximum === "number" ? schema.exclusiveMaximum : undefined;
  const step = integer ? 1 : 0.5;
  let low = schema.minimum ?? (exclusiveMin !== undefined ? exclusiveMin + step : undefined);
  if (schema.minimum !== undefined && schema.exclusiveMinimum === true) low = schema.minimum + step;
  let high = schema.maximum ?? (exclusiveMax !== undefined ? exclusiveMax - step : undefined);
  if (schema.maximum !== undefined && schema.exclusiveMaximum === true) high = schema.maximum - step;
  let value = low ?? (high !== undefined && high < 0 ? high : 0);
  if (integer) value = Math.ceil(value);
  if (typeof schema.multipleOf === "number" && schema.multipleOf > 0) {
    value = Math.ceil(value / schema.multipleOf) * schema.multipleOf;
  }
  return value;
}

function stringExample(schema: Json): string {
  let value = (typeof schema.format === "string" && FORMAT_EXAMPLES[schema.format]) || "example";
  if (typeof schema.minLength === "number" && value.length < schema.minLength) {
    value = value.padEnd(schema.minLength, "x");
  }
  if (typeof schema.maxLength === "number" && value.length > schema.maxLength) {
    value = value.slice(0, schema.maxLength);
  }
  return value;
}

/**
 * The smallest value valid against `schema` (resolving `$ref` in `doc`): `const`, else the first
 * non-null `enum` value, else `default`, else one built from the type: required properties only,
 * `minItems` items, the lower numeric bound, a string of the format and length wanted. For
 * `anyOf`/`oneOf` it takes the first variant that is not `null`; `allOf` members are merged.
 */
export function minimalExample(schema: Json, doc: Json = {}, depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error("Schema nests too deeply (a required field that refers to itself?).");
  const s = deref(doc, schema);
  if (s === true || s === undefined || s === null) return "example";
  if ("const" in s) return s.const;
  if (Array.isArray(s.enum)) {
    const value = s.enum.find((v: unknown) => v !== null);
    return value === undefined ? null : value;
  }
  if ("default" in s && s.default !== null) return s.default;
  if (Array.isArray(s.allOf)) {
    const { allOf, ...own } = s;
    const constrains = Object.keys(own).some((key) => !DOCUMENTATION.has(key));
    const parts = [...(constrains ? [own] : []), ...allOf].map((part: Json) => minimalExample(part, doc, depth + 1));
    const objects = parts.filter((p) => p && typeof p === "object" && !Array.isArray(p));
    if (objects.length > 0) return Object.assign({}, ...objects);
    return [...parts].reverse().find((p) => p !== "example") ?? parts[parts.length - 1];
  }
  for (const key of ["anyOf", "oneOf"] as const) {
    if (Array.isArray(s[key])) {
      const variant = s[key].find((v: Json) => !isNullSchema(doc, v)) ?? s[key][0];
      return minimalExample(variant, doc, depth + 1);
    }
  }
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  const type = types.find((t) => t !== "null") ?? types[0] ?? (s.properties ? "object" : s.items ? "array" : undefined);
  switch (type) {
    case "object": {
      const result: Record<string, unknown> = {};
      for (const name of s.required ?? []) {
        result[name] = minimalExample(s.properties?.[name] ?? s.additionalProperties ?? true, doc, depth + 1);
      }
      return result;
    }
    case "array": {
      const count = typeof s.minItems === "number" ? s.minItems : 0;
      return Array.from({ length: count }, () => minimalExample(s.items ?? true, doc, depth + 1));
    }
    case "string":
      return stringExample(s);
    case "integer":
      return numberExample(s, true);
    case "number":
      return numberExample(s, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return "example";
  }
}

/** A minimal request of one operation, in openapi-fetch's terms. */
export interface MinimalRequest {
  method: string;
  path: string;
  params: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, string> };
  body?: unknown;
}

/** The required parameters and the required part of the JSON body of `method path` in `doc`. */
export function minimalRequest(doc: Json, method: string, path: string): MinimalRequest {
  const item = deref(doc, doc.paths?.[path]);
  const operation = item?.[method];
  if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the spec.`);
  const params: MinimalRequest["params"] = {};
  const byKey = new Map<string, Json>();
  for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
    const parameter = deref(doc, raw);
    byKey.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  for (const parameter of byKey.values()) {
    if (!parameter.required && parameter.in !== "path") continue;
    if (parameter.in === "cookie") continue;
    const schema =
      parameter.schema ?? (Object.values<Json>(parameter.content ?? {})[0]?.schema as Json | undefined) ?? true;
    const value = minimalExample(schema, doc);
    const where = parameter.in as "path" | "query" | "header";
    params[where] ??= {};
    (params[where] as Record<string, unknown>)[parameter.name] = where === "header" ? String(value) : value;
  }
  const request: MinimalRequest = { method, path, params };
  const body = deref(doc, operation.requestBody);
  if (body?.content) {
    const mediaType = Object.keys(body.content).find((type) => /json/i.test(type));
    if (mediaType && (body.required || Object.keys(body.content).length === 1)) {
      request.body = minimalExample(body.content[mediaType].schema ?? true, doc);
    }
  }
  return request;
}
