/**
 * Runtime facts the client needs, read from an OpenAPI 3.x document so that a spec bump
 * updates them: environments, the API-key header, the operation index (with the
 * pagination style of each operation), enum values and the fields that carry secrets.
 */

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is untyped JSON here.
export type Json = any;

export type PaginationFact =
  | {
      /** `next_token` sent in the JSON request body and returned in the JSON response body. */
      style: "body";
      tokenParam: string;
      nextTokenField: string;
      itemsField: string;
    }
  | {
      /** `cursor` sent as a query parameter, `next_cursor` returned in the JSON response body. */
      style: "query";
      tokenParam: string;
      nextTokenField: string;
      itemsField: string;
    };

export interface OperationFact {
  operationId: string;
  method: string;
  path: string;
  tag: string | null;
  pagination: PaginationFact | null;
}

export interface EnumFact {
  schemaName: string;
  values: (string | number)[];
  open: boolean;
}

export interface SpecFacts {
  title: string;
  version: string;
  environments: { name: string; url: string }[];
  apiKeyHeader: string | null;
  operations: OperationFact[];
  enums: EnumFact[];
  secretFields: string[];
}

const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Junction marks open enums in the description ("ℹ️ This enum is non-exhaustive."). */
const OPEN_ENUM_MARKER = /non-exhaustive/i;

/**
 * Property names that hold credentials. The spec does not flag them, so they are
 * recognised by name, by `format: password` and by `writeOnly`. Pagination tokens
 * (`next_token`) are not secrets.
 */
const SECRET_NAME =
  /^(?:.*_)?(?:access_token|refresh_token|id_token|auth_token|bearer_token|token_secret|client_secret|secret|password|api_key|private_key)$/i;

export function isOpenEnumDescription(description: unknown): boolean {
  return typeof description === "string" && OPEN_ENUM_MARKER.test(description);
}

/** `ProductionEU` → `production-eu`, `Sandbox` → `sandbox`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
}

export function createResolver(doc: Json): (node: Json) => Json {
  const resolve = (node: Json, seen = new Set<string>()): Json => {
    if (!node || typeof node !== "object" || typeof node.$ref !== "string") return node;
    const ref: string = node.$ref;
    if (!ref.startsWith("#/")) throw new Error(`Only local $refs are supported, found "${ref}".`);
    if (seen.has(ref)) throw new Error(`Circular $ref "${ref}".`);
    seen.add(ref);
    let target: Json = doc;
    for (const raw of ref.slice(2).split("/")) {
      const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      target = target?.[key];
    }
    if (target === undefined) throw new Error(`Unresolvable $ref "${ref}".`);
    return resolve(target, seen);
  };
  return (node) => resolve(node);
}

/** The properties of an object schema, following `$ref`, `allOf` and nullable `anyOf`/`oneOf`. */
function objectProperties(schema: Json, resolve: (n: Json) => Json): Record<string, Json> {
  const s = resolve(schema);
  if (!s || typeof s !== "object") return {};
  const props: Record<string, Json> = { ...(s.properties ?? {}) };
  for (const part of s.allOf ?? []) Object.assign(props, objectProperties(part, resolve));
  for (const key of ["anyOf", "oneOf"] as const) {
    const variants = (s[key] ?? []).filter((v: Json) => resolve(v)?.type !== "null");
    if (variants.length === 1) Object.assign(props, objectProperties(variants[0], resolve));
  }
  return props;
}

function isArraySchema(schema: Json, resolve: (n: Json) => Json): boolean {
  const s = resolve(schema);
  if (!s) return false;
  if (s.type === "array" || (Array.isArray(s.type) && s.type.includes("array"))) return true;
  const variants = [...(s.anyOf ?? []), ...(s.oneOf ?? [])].filter((v: Json) => resolve(v)?.type !== "null");
  return variants.length === 1 && isArraySchema(variants[0], resolve);
}

function jsonSchemaOf(content: Json): Json {
  if (!content) return undefined;
  const key = Object.keys(content).find((type) => /^application\/([\w.+-]+\+)?json/.test(type));
  return key ? content[key]?.schema : undefined;
}

function successResponseSchema(operation: Json, resolve: (n: Json) => Json): Json {
  const responses = operation.responses ?? {};
  const code = Object.keys(responses)
    .filter((c) => /^2(\d\d|XX)$/i.test(c))
    .sort()[0];
  return code ? jsonSchemaOf(resolve(responses[code])?.content) : undefined;
}

const ITEM_FIELD_PREFERENCE = ["data", "items", "results", "records"];

function itemsFieldOf(responseProps: Record<string, Json>, resolve: (n: Json) => Json): string | null {
  const arrays = Object.keys(responseProps).filter((k) => isArraySchema(responseProps[k], resolve));
  if (arrays.length === 1) return arrays[0] ?? null;
  return ITEM_FIELD_PREFERENCE.find((k) => arrays.includes(k)) ?? null;
}

export function detectPagination(
  operation: Json,
  pathParameters: Json[],
  resolve: (n: Json) => Json,
): PaginationFact | null {
  const responseProps = objectProperties(successResponseSchema(operation, resolve), resolve);
  const itemsField = itemsFieldOf(responseProps, resolve);
  if (!itemsField) return null;

  const bodySchema = jsonSchemaOf(resolve(operation.requestBody)?.content);
  const bodyProps = objectProperties(bodySchema, resolve);
  if ("next_token" in bodyProps && "next_token" in responseProps) {
    return { style: "body", tokenParam: "next_token", nextTokenField: "next_token", itemsField };
  }

  const queryNames = [...pathParameters, ...(operation.parameters ?? [])]
    .map(resolve)
    .filter((p: Json) => p?.in === "query")
    .map((p: Json) => p.name as string);
  const cursorParam = ["cursor", "next_cursor"].find((name) => queryNames.includes(name));
  if (cursorParam && "next_cursor" in responseProps) {
    return { style: "query", tokenParam: cursorParam, nextTokenField: "next_cursor", itemsField };
  }
  return null;
}

function collectEnums(doc: Json, resolve: (n: Json) => Json): EnumFact[] {
  const schemas: Record<string, Json> = doc.components?.schemas ?? {};
  const openByReference = new Set<string>();
  // A `$ref` whose sibling description says non-exhaustive opens the referenced enum too.
  const visit = (node: Json): void => {
    if (!node || typeof node !== "object") return;
    if (typeof node.$ref === "string" && isOpenEnumDescription(node.description)) {
      const match = /^#\/components\/schemas\/(.+)$/.exec(node.$ref);
      if (match?.[1]) openByReference.add(decodeURIComponent(match[1]));
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(doc);
  return Object.entries(schemas)
    .filter(([, schema]) => Array.isArray(resolve(schema)?.enum))
    .map(([schemaName, schema]) => ({
      schemaName,
      values: resolve(schema).enum.filter((v: unknown) => v !== null),
      open: isOpenEnumDescription(resolve(schema).description) || openByReference.has(schemaName),
    }));
}

function collectSecretFields(doc: Json): string[] {
  const found = new Set<string>();
  const visit = (node: Json): void => {
    if (!node || typeof node !== "object") return;
    if (node.properties && typeof node.properties === "object") {
      for (const [name, prop] of Object.entries<Json>(node.properties)) {
        if (SECRET_NAME.test(name) || prop?.format === "password" || prop?.writeOnly === true) found.add(name);
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(doc.components ?? {});
  visit(doc.paths ?? {});
  return [...found].sort();
}

function apiKeyHeaderOf(doc: Json): string | null {
  const schemes: Record<string, Json> = doc.components?.securitySchemes ?? {};
  const used = (doc.security ?? []).flatMap((req: Json) => Object.keys(req ?? {}));
  const ordered = [...used, ...Object.keys(schemes)];
  for (const name of ordered) {
    const scheme = schemes[name];
    if (scheme?.type === "apiKey" && scheme.in === "header" && typeof scheme.name === "string") return scheme.name;
  }
  return null;
}

export function extractFacts(doc: Json): SpecFacts {
  if (!doc || typeof doc !== "object" || typeof doc.openapi !== "string" || !doc.openapi.startsWith("3.")) {
    throw new Error("Not an OpenAPI 3.x document: the top-level `openapi` field must be a 3.x version string.");
  }
  const resolve = createResolver(doc);

  const environments = (doc.servers ?? []).map((server: Json, index: number) => ({
    name: kebabCase(String(server["x-fern-server-name"] ?? server["x-name"] ?? `server-${index + 1}`)),
    url: String(server.url).replace(/\/+$/, ""),
  }));
  const names = environments.map((e: { name: string }) => e.name);
  const duplicate = names.find((n: string, i: number) => names.indexOf(n) !== i);
  if (duplicate) throw new Error(`Two servers are both named "${duplicate}"; give them distinct x-fern-server-name.`);

  const operations: OperationFact[] = [];
  for (const [path, rawItem] of Object.entries<Json>(doc.paths ?? {})) {
    const item = resolve(rawItem);
    for (const method of HTTP_METHODS) {
      const operation = item?.[method];
      if (!operation) continue;
      operations.push({
        operationId: operation.operationId ?? `${method}_${path.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "")}`,
        method,
        path,
        tag: operation.tags?.[0] ?? null,
        pagination: detectPagination(operation, item.parameters ?? [], resolve),
      });
    }
  }
  const ids = operations.map((o) => o.operationId);
  const duplicateId = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicateId) throw new Error(`operationId "${duplicateId}" is used by more than one operation.`);

  return {
    title: String(doc.info?.title ?? ""),
    version: String(doc.info?.version ?? ""),
    environments,
    apiKeyHeader: apiKeyHeaderOf(doc),
    operations,
    enums: collectEnums(doc, resolve),
    secretFields: collectSecretFields(doc),
  };
}
