/**
 * The smallest valid request of an operation: its required parameters and the required part of its
 * body, with values sampled from the schemas by json-schema-faker (patterns, formats, bounds, enums,
 * `const`, `allOf`/`anyOf`/`oneOf`). Used by the contract tests to call every operation of a spec
 * without hand-written requests.
 *
 * The schema is prepared before it reaches the sampler, which only narrows it (a value of the
 * prepared schema is a value of the original):
 * - local `$ref`s are inlined, with 3.1 sibling keywords applied beside their target;
 * - properties that are not required are dropped, and array items too when `minItems` is 0, so only
 *   what a minimal request needs is sampled (and no optional branch can recurse);
 * - of a nullable schema (`anyOf`/`oneOf` with a `null` variant, `type: [T, "null"]`, a `null` enum
 *   value, 3.0 `nullable`), the non-null part is kept, so that a required field carries a real
 *   value; where that part leads back into a schema being expanded, `null` is kept instead, which
 *   bounds recursive schemas;
 * - in a request, `readOnly` properties are dropped (they are not sent even when listed as required).
 *
 * Sampling is seeded from the operation and the parameter's name: the same spec gives the same request
 * on every run, whatever order operations are built in.
 */
import { type Json, jsonMediaType, operationsOf, pointerTarget, resolveRef } from "@junction/codegen";
import { type GenerateSyncOptions, generateSync, type JsonSchema } from "json-schema-faker";

/**
 * The keywords handed to the sampler. Others (`discriminator`, `xml`, `x-…` extensions) are dropped: the
 * sampler would take an unknown key holding an object for a property of an object without `properties`.
 */
const KEYWORDS = new Set([
  "type",
  "enum",
  "const",
  "default",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "contentMediaType",
  "contentEncoding",
  "items",
  "prefixItems",
  "contains",
  "minContains",
  "maxContains",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
  "minProperties",
  "maxProperties",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
]);

/** Formats the sampler does not know, or samples in a way that validators reject. */
const FORMATS: GenerateSyncOptions["formats"] = {
  // A random version-4 UUID, as the sampler's `uuid` format gives.
  uuid4: (random) => {
    const hex = (n: number) => Array.from({ length: n }, () => random.int(0, 15).toString(16)).join("");
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${random.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
  },
  byte: () => "AA==",
  // The sampler's own can give "PT0D", which ISO 8601 (and so format validators) reject.
  duration: (random) => `P${random.int(0, 30)}DT${random.int(0, 23)}H`,
  // Replaced by a Blob when the body is form data; a JSON body can only carry text.
  binary: () => "binary",
};

const MAX_DEPTH = 64;

/** Marks a schema that no value can satisfy within the bounds of the expansion (a required cycle). */
const IMPOSSIBLE = false;

export interface ExampleOptions {
  /** Seed of the sampler. Default 1. */
  seed?: number;
  /** `request` drops `readOnly` properties, `response` drops `writeOnly` ones. Default `request`. */
  direction?: "request" | "response";
}

const isObject = (node: unknown): node is Record<string, Json> =>
  typeof node === "object" && node !== null && !Array.isArray(node);

const isNullOnly = (schema: Json) =>
  isObject(schema) &&
  (schema.type === "null" ||
    (Array.isArray(schema.type) && schema.type.length === 1 && schema.type[0] === "null") ||
    ("const" in schema && schema.const === null) ||
    (Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === null));

/** FNV-1a: a stable 32-bit seed from a string. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 2_147_483_647 || 1;
}

/**
 * `schema` made ready for the sampler (see the module comment): no `$ref`, required parts only, nulls
 * avoided. `IMPOSSIBLE` when every value would need a schema that is being expanded (a required cycle).
 */
function prepare(doc: Json, schema: Json, direction: "request" | "response", stack: string[]): JsonSchema {
  if (stack.length > MAX_DEPTH) return IMPOSSIBLE;
  if (schema === undefined || schema === true) return {};
  if (!isObject(schema)) return schema as JsonSchema;

  if (typeof schema.$ref === "string") {
    const ref: string = schema.$ref;
    if (stack.includes(ref)) return IMPOSSIBLE;
    const target = pointerTarget(doc, ref);
    if (target === undefined) throw new Error(`Unresolvable $ref "${ref}".`);
    const resolved = prepare(doc, target, direction, [...stack, ref]);
    // Keywords beside a 3.1 $ref apply together with its target.
    const siblings = Object.fromEntries(Object.entries(schema).filter(([key]) => KEYWORDS.has(key)));
    if (Object.keys(siblings).length === 0 || resolved === IMPOSSIBLE) return resolved;
    return prepare(doc, { allOf: [resolved, siblings] }, direction, stack);
  }

  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(schema)) if (KEYWORDS.has(key)) out[key] = value;

  // 3.0's boolean exclusive bounds, as 3.1 numbers.
  if (out.exclusiveMinimum === true && typeof out.minimum === "number") out.exclusiveMinimum = out.minimum;
  if (out.exclusiveMaximum === true && typeof out.maximum === "number") out.exclusiveMaximum = out.maximum;
  if (typeof out.exclusiveMinimum === "boolean") delete out.exclusiveMinimum;
  if (typeof out.exclusiveMaximum === "boolean") delete out.exclusiveMaximum;

  if (Array.isArray(out.type) && out.type.some((t: string) => t !== "null")) {
    const types = out.type.filter((t: string) => t !== "null");
    out.type = types.length === 1 ? types[0] : types;
    if (out.default === null) delete out.default;
  }
  if (Array.isArray(out.enum) && out.enum.some((v: unknown) => v !== null)) {
    out.enum = out.enum.filter((v: unknown) => v !== null);
  }

  for (const key of ["anyOf", "oneOf"] as const) {
    if (!Array.isArray(out[key])) continue;
    const variants: Json[] = out[key];
    const prepared = variants
      .filter((variant) => !isNullOnly(variant))
      .map((variant) => prepare(doc, variant, direction, stack))
      .filter((variant) => variant !== IMPOSSIBLE);
    if (prepared.length > 0) {
      out[key] = prepared;
      if (out.default === null) delete out.default;
    } else if (variants.some(isNullOnly)) {
      // Only null is left (the other variants lead back into a schema being expanded).
      delete out[key];
      out.type = "null";
      delete out.default;
    } else {
      return IMPOSSIBLE;
    }
  }

  if (Array.isArray(out.allOf)) {
    const parts = out.allOf.map((part: Json) => prepare(doc, part, direction, stack));
    if (parts.includes(IMPOSSIBLE)) return IMPOSSIBLE;
    out.allOf = parts;
  }

  if (isObject(out.properties) || Array.isArray(out.required)) {
    const hidden = direction === "request" ? "readOnly" : "writeOnly";
    const properties: Record<string, Json> = out.properties ?? {};
    const required: string[] = (out.required ?? []).filter(
      (name: string) => resolveRef(doc, properties[name], { siblings: true })?.[hidden] !== true,
    );
    const kept: Record<string, JsonSchema> = {};
    for (const name of required) {
      const own = properties[name] ?? (isObject(out.additionalProperties) ? out.additionalProperties : {});
      const prepared = prepare(doc, own, direction, stack);
      if (prepared === IMPOSSIBLE) return IMPOSSIBLE;
      kept[name] = prepared;
    }
    out.properties = kept;
    out.required = required;
    // Only required properties are sampled: what else an object may hold does not matter.
    if (out.additionalProperties !== false) delete out.additionalProperties;
    delete out.patternProperties;
    delete out.propertyNames;
    delete out.dependentRequired;
    delete out.dependentSchemas;
    delete out.dependencies;
  }

  if (out.items !== undefined || out.prefixItems !== undefined) {
    const minItems = typeof out.minItems === "number" ? out.minItems : 0;
    if (minItems === 0) {
      delete out.items;
      delete out.prefixItems;
      delete out.contains;
      if (out.type === undefined) out.type = "array";
    } else {
      if (out.items !== undefined) {
        out.items = prepare(doc, out.items, direction, stack);
        if (out.items === IMPOSSIBLE) return IMPOSSIBLE;
      }
      if (Array.isArray(out.prefixItems)) {
        out.prefixItems = out.prefixItems.map((item: Json) => prepare(doc, item, direction, stack));
        if (out.prefixItems.includes(IMPOSSIBLE)) return IMPOSSIBLE;
      }
    }
  }

  // `not`, `if`, `then` and `else` are passed on as written: the sampler resolves their $refs (see `sample`).
  return out;
}

/** Samples `prepared` (a schema from `prepare`) with a fixed seed: required fields, minimal arrays. */
function sample(doc: Json, prepared: JsonSchema, seed: number): unknown {
  if (prepared === IMPOSSIBLE) {
    throw new Error("No finite value satisfies this schema: a required field refers back to itself.");
  }
  return generateSync(prepared, {
    seed,
    optionalsProbability: 0,
    alwaysFakeOptionals: false,
    // Arrays get `minItems` items (none when the schema sets no minimum).
    maxDefaultItems: 0,
    useDefaultValue: true,
    maxDepth: MAX_DEPTH + 8,
    formats: FORMATS,
    // `not` and `if` subschemas are left as written; their local $refs resolve against the document.
    refResolver: (ref: string) => {
      const target = pointerTarget(doc, ref);
      if (target === undefined) throw new Error(`Unresolvable $ref "${ref}".`);
      return target;
    },
  });
}

/**
 * A small value valid against `schema` (resolving local `$ref`s in `doc`): only required properties,
 * `minItems` items, non-null where `null` is one choice, everything else as json-schema-faker samples it
 * with the given seed (patterns, formats, bounds, `enum`, `const`, `default`).
 */
export function minimalExample(schema: Json, doc: Json = {}, options: ExampleOptions = {}): unknown {
  const prepared = prepare(doc, schema, options.direction ?? "request", []);
  return sample(doc, prepared, options.seed ?? 1);
}

/** A minimal request of one operation, in openapi-fetch's terms. */
export interface MinimalRequest {
  method: string;
  path: string;
  params: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, string> };
  /** A JSON value, or `FormData` / `URLSearchParams` for a form body. */
  body?: unknown;
  /** Media type of `body`. */
  mediaType?: string;
}

const FORM_DATA = /^multipart\/form-data\b/i;
const URL_ENCODED = /^application\/x-www-form-urlencoded\b/i;

/** Whether `schema` (after `$ref`s) is a binary string, or an array of them. */
function isBinary(doc: Json, schema: Json, depth = 0): boolean {
  const node = resolveRef(doc, schema);
  if (!isObject(node) || depth > 2) return false;
  if (node.format === "binary" || typeof node.contentMediaType === "string") return true;
  if (node.items) return isBinary(doc, node.items, depth + 1);
  return ["anyOf", "oneOf", "allOf"].some(
    (key) => Array.isArray(node[key]) && node[key].some((part: Json) => isBinary(doc, part, depth + 1)),
  );
}

/** The form fields of a sampled object: files become small Blobs (at least one per file field), objects JSON text. */
function formEntries(doc: Json, schema: Json, value: unknown): [string, string | Blob][] {
  const node = resolveRef(doc, schema);
  const entries: [string, string | Blob][] = [];
  for (const [name, field] of Object.entries(isObject(value) ? value : {})) {
    const list: unknown[] = Array.isArray(field) ? field : [field];
    if (isBinary(doc, node?.properties?.[name])) {
      for (let i = 0; i < Math.max(list.length, 1); i++) {
        entries.push([name, new Blob(["%PDF-1.4\n"], { type: "application/octet-stream" })]);
      }
    } else {
      for (const item of list) {
        entries.push([name, typeof item === "object" && item !== null ? JSON.stringify(item) : String(item)]);
      }
    }
  }
  return entries;
}

/**
 * The required parameters and the required part of the body of `method path` in `doc`. A JSON body is
 * preferred; a `multipart/form-data` body becomes `FormData` (files as small Blobs, at least one for a
 * required list of files), an urlencoded one `URLSearchParams`. A body the operation does not require
 * is left out.
 */
export function minimalRequest(doc: Json, method: string, path: string): MinimalRequest {
  const found = operationsOf(doc).find((op) => op.method === method.toLowerCase() && op.path === path);
  if (!found) throw new Error(`${method.toUpperCase()} ${path} is not in the spec.`);
  const where = `${found.method} ${path}`;
  const params: MinimalRequest["params"] = {};
  for (const parameter of found.parameters) {
    if (!parameter.required && parameter.in !== "path") continue;
    if (parameter.in === "cookie") continue;
    const content = isObject(parameter.content) ? parameter.content : undefined;
    const schema = parameter.schema ?? (content ? Object.values<Json>(content)[0]?.schema : undefined) ?? {};
    // An empty string is a missing path segment, or a parameter sent without a value.
    const nonEmpty = { allOf: [schema, { minLength: 1 }] };
    let value = minimalExample(nonEmpty, doc, { seed: seedOf(`${where} ${parameter.in}:${parameter.name}`) });
    // A parameter described by `content` is sent serialized in its media type (JSON here).
    if (content) value = JSON.stringify(value);
    const at = parameter.in as "path" | "query" | "header";
    params[at] ??= {};
    (params[at] as Record<string, unknown>)[parameter.name] = at === "header" ? String(value) : value;
  }
  const request: MinimalRequest = { method: found.method, path, params };

  const body = resolveRef(doc, found.operation.requestBody);
  if (!isObject(body) || body.required !== true || !isObject(body.content)) return request;
  const types = Object.keys(body.content);
  const mediaType =
    jsonMediaType(body.content) ?? types.find((t) => FORM_DATA.test(t)) ?? types.find((t) => URL_ENCODED.test(t));
  if (!mediaType) return request;
  const schema = body.content[mediaType]?.schema ?? {};
  const value = minimalExample(schema, doc, { seed: seedOf(`${where} body`) });
  request.mediaType = mediaType;
  if (FORM_DATA.test(mediaType)) {
    const form = new FormData();
    for (const [name, field] of formEntries(doc, schema, value)) form.append(name, field);
    request.body = form;
  } else if (URL_ENCODED.test(mediaType)) {
    request.body = new URLSearchParams(
      formEntries(doc, schema, value).map(([name, field]) => [name, String(field)] as [string, string]),
    );
  } else {
    request.body = value;
  }
  return request;
}
