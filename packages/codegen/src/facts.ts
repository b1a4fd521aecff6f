/**
 * Runtime facts the client needs, read from an OpenAPI 3.x document so that a spec bump updates
 * them: environments, the API-key header, the operation index (names, paging, deprecation,
 * request rules from the spec's extensions), enum values and the fields that carry secrets.
 */
import { type PaginationFact, paginationFor } from "./pagination.ts";
import { type PaginationOverride, paginationOverrides } from "./pagination-overrides.ts";
import { type RequestShapeFact, requestShapeOf } from "./parameters.ts";
import {
  createResolver,
  type HttpMethod,
  isOpenEnum,
  type Json,
  jsonMediaType,
  operationsOf,
  type SpecOperation,
  schemaRefName,
} from "./spec.ts";

export type { PaginationFact } from "./pagination.ts";

/** What the first 2xx response of an operation carries, and so how the client reads it. */
export type ResponseKind = "json" | "binary" | "text" | "empty";

export interface OperationFact {
  operationId: string;
  /** Short name: `x-fern-sdk-group-name` + `.` + `x-fern-sdk-method-name` (e.g. `link.bulk_export`), else the operationId. */
  name: string;
  method: HttpMethod;
  path: string;
  tag: string | null;
  /** `deprecated: true`, or `x-fern-availability: deprecated`. */
  deprecated: boolean;
  /** `x-fern-availability: beta`. */
  beta: boolean;
  pagination: PaginationFact | null;
  response: ResponseKind;
  /** For a binary or text response, the media types to ask for in `Accept` (e.g. `application/pdf`); else `null`. */
  accept: string | null;
  /** Header parameter through which a retry can be made safe (`x-idempotency-key`), if the operation has one. */
  idempotencyKeyHeader: string | null;
  /** `x-max-req-body-size`: the largest request body the API accepts, in bytes. */
  maxRequestBodyBytes: number | null;
  /** `x-max-concurrency`: how many of these requests the API takes at once. */
  maxConcurrency: number | null;
}

export interface EnumFact {
  schemaName: string;
  values: (string | number | boolean)[];
  open: boolean;
}

export interface SpecFacts {
  title: string;
  version: string;
  environments: { name: string; url: string }[];
  apiKeyHeader: string | null;
  operations: OperationFact[];
  /** What each operation's request may hold (parameters, body), by operationId. */
  requests: Record<string, RequestShapeFact>;
  enums: EnumFact[];
  secretFields: string[];
  /** Things in the spec that look like Junction's mistakes; the facts are still usable. */
  warnings: string[];
}

export interface ExtractOptions {
  /** Corrections to pagination detection by operationId. Default: the repository's reviewed table. */
  paginationOverrides?: Record<string, PaginationOverride>;
}

/**
 * Property names that hold credentials. The spec does not flag them, so they are recognised by
 * name, by `format: password` and by `writeOnly`. Pagination tokens (`next_token`) are not secrets.
 */
const SECRET_NAME =
  /^(?:.*_)?(?:access_token|refresh_token|id_token|auth_token|bearer_token|token_secret|client_secret|secret|password|passphrase|api_key|apikey|private_key|secret_key|webhook_secret|signing_secret)$/i;

const IDEMPOTENCY_HEADER = /^(x-)?idempotency-key$/i;

/** `ProductionEU` → `production-eu`, `Sandbox` → `sandbox`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
}

/** Bytes per unit of `x-max-req-body-size` (decimal and binary prefixes). */
const UNITS: Record<string, number> = {
  "": 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gib: 1024 ** 3,
};

/** `1048576`, `"10MB"`, `"512 KiB"` → bytes; `null` when it says nothing usable. */
export function parseByteSize(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) && value > 0 ? Math.floor(value) : null;
  if (typeof value !== "string") return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = UNITS[match?.[2]?.toLowerCase() ?? "?"];
  return match && unit ? Math.floor(Number(match[1]) * unit) : null;
}

function shortName(operation: Json, operationId: string): string {
  const group = operation["x-fern-sdk-group-name"];
  const method = operation["x-fern-sdk-method-name"];
  const groupName = Array.isArray(group) ? group.join(".") : group;
  return typeof groupName === "string" && groupName && typeof method === "string" && method
    ? `${groupName}.${method}`
    : operationId;
}

/** Keywords that describe a schema without constraining it: such a schema says nothing about the body. */
const DESCRIPTIVE = new Set(["title", "description", "$comment", "example", "examples", "deprecated"]);
const saysNothing = (schema: Json) =>
  schema === undefined ||
  schema === true ||
  (typeof schema === "object" && Object.keys(schema).every((k) => DESCRIPTIVE.has(k)));

/**
 * What the first 2xx response carries. A JSON media type whose schema says nothing beside a binary one
 * (Junction's PDFs list `application/json: {title}` next to `application/pdf`) is taken as binary.
 */
function responseKind(operation: Json, resolve: (n: Json) => Json): { response: ResponseKind; accept: string | null } {
  const responses = operation.responses ?? {};
  const code = Object.keys(responses)
    .filter((c) => /^2(\d\d|XX)$/i.test(c))
    .sort()[0];
  const content = code && code !== "204" ? resolve(responses[code])?.content : undefined;
  if (!content || Object.keys(content).length === 0) return { response: "empty", accept: null };
  const json = jsonMediaType(content);
  const others = Object.keys(content).filter((type) => type !== json);
  if (json && (others.length === 0 || !saysNothing(resolve(content[json]?.schema)))) {
    return { response: "json", accept: null };
  }
  return { response: others.every((type) => /^text\//i.test(type)) ? "text" : "binary", accept: others.join(", ") };
}

function operationFact(
  op: SpecOperation,
  resolve: (n: Json) => Json,
  overrides: Record<string, PaginationOverride>,
  warnings: string[],
): OperationFact {
  const { operation, method, path } = op;
  const operationId: string =
    operation.operationId ?? `${method}_${path.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_|_$/g, "")}`;
  const where = `${method.toUpperCase()} ${path}`;
  const availability = operation["x-fern-availability"];
  const idempotency = op.parameters.find((p) => p.in === "header" && IDEMPOTENCY_HEADER.test(String(p.name)));
  const rawSize = operation["x-max-req-body-size"] ?? resolve(operation.requestBody)?.["x-max-req-body-size"];
  const maxRequestBodyBytes = parseByteSize(rawSize);
  if (rawSize !== undefined && maxRequestBodyBytes === null) {
    warnings.push(`${where}: x-max-req-body-size ${JSON.stringify(rawSize)} is not a size in bytes; ignored.`);
  }
  const rawConcurrency = operation["x-max-concurrency"];
  const maxConcurrency = Number.isInteger(rawConcurrency) && rawConcurrency > 0 ? rawConcurrency : null;
  if (rawConcurrency !== undefined && maxConcurrency === null) {
    warnings.push(`${where}: x-max-concurrency ${JSON.stringify(rawConcurrency)} is not a positive integer; ignored.`);
  }
  return {
    operationId,
    name: shortName(operation, operationId),
    method,
    path,
    tag: operation.tags?.[0] ?? null,
    deprecated: operation.deprecated === true || availability === "deprecated",
    beta: availability === "beta",
    pagination: paginationFor(op, operationId, resolve, overrides),
    ...responseKind(operation, resolve),
    idempotencyKeyHeader: idempotency ? String(idempotency.name) : null,
    maxRequestBodyBytes,
    maxConcurrency,
  };
}

function collectEnums(doc: Json, resolve: (n: Json) => Json): EnumFact[] {
  const schemas: Record<string, Json> = doc.components?.schemas ?? {};
  // A `$ref` whose own description (or x-junction-exhaustive) says the enum is open opens the schema too.
  const openByReference = new Set<string>();
  const visit = (node: Json): void => {
    if (!node || typeof node !== "object") return;
    const name = schemaRefName(node.$ref);
    if (name && isOpenEnum({}, node)) openByReference.add(name);
    for (const value of Object.values(node)) visit(value);
  };
  visit(doc);
  return Object.entries(schemas)
    .map(([schemaName, raw]) => [schemaName, resolve(raw)] as const)
    .filter(([, schema]) => Array.isArray(schema?.enum))
    .map(([schemaName, schema]) => ({
      schemaName,
      values: schema.enum.filter((v: unknown) => v !== null && typeof v !== "object"),
      // The schema's own x-junction-exhaustive wins over what a referring description says.
      open:
        typeof schema["x-junction-exhaustive"] === "boolean"
          ? !schema["x-junction-exhaustive"]
          : isOpenEnum(schema) || openByReference.has(schemaName),
    }));
}

function collectSecretFields(doc: Json): string[] {
  const found = new Set<string>();
  const visit = (node: Json): void => {
    if (!node || typeof node !== "object") return;
    if (node.properties && typeof node.properties === "object" && !Array.isArray(node.properties)) {
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
  for (const name of [...used, ...Object.keys(schemes)]) {
    const scheme = schemes[name];
    if (scheme?.type === "apiKey" && scheme.in === "header" && typeof scheme.name === "string") return scheme.name;
  }
  return null;
}

function firstDuplicate(values: string[]): string | undefined {
  const seen = new Set<string>();
  return values.find((v) => seen.size === seen.add(v).size);
}

export function extractFacts(doc: Json, options: ExtractOptions = {}): SpecFacts {
  if (!doc || typeof doc !== "object" || typeof doc.openapi !== "string" || !/^3\.[01]\./.test(doc.openapi)) {
    throw new Error("Not an OpenAPI 3.0/3.1 document: the top-level `openapi` field must be a 3.0.x or 3.1.x version.");
  }
  const resolve = createResolver(doc);
  const warnings: string[] = [];

  const environments = (doc.servers ?? []).map((server: Json, index: number) => ({
    name: kebabCase(String(server["x-fern-server-name"] ?? server["x-name"] ?? `server-${index + 1}`)),
    url: String(server.url).replace(/\/+$/, ""),
  }));
  const duplicate = firstDuplicate(environments.map((e: { name: string }) => e.name));
  if (duplicate) throw new Error(`Two servers are both named "${duplicate}"; give them distinct x-fern-server-name.`);

  const overrides = options.paginationOverrides ?? paginationOverrides;
  const specOperations = operationsOf(doc);
  const operations = specOperations.map((op) => operationFact(op, resolve, overrides, warnings));
  const duplicateId = firstDuplicate(operations.map((o) => o.operationId));
  if (duplicateId) throw new Error(`operationId "${duplicateId}" is used by more than one operation.`);
  // Two operations with one short name: the second is known by its operationId.
  const names = new Set<string>();
  for (const op of operations) {
    if (names.has(op.name)) {
      warnings.push(
        `${op.operationId}: the short name "${op.name}" is taken; this operation is known by its operationId.`,
      );
      op.name = op.operationId;
    }
    names.add(op.name);
  }
  for (const id of Object.keys(overrides)) {
    if (!operations.some((o) => o.operationId === id)) {
      warnings.push(`The pagination override for "${id}" names no operation of this spec; delete it.`);
    }
  }

  return {
    title: String(doc.info?.title ?? ""),
    version: String(doc.info?.version ?? ""),
    environments,
    apiKeyHeader: apiKeyHeaderOf(doc),
    operations,
    requests: Object.fromEntries(
      specOperations.map((op, i) => [operations[i]?.operationId as string, requestShapeOf(op, resolve)]),
    ),
    enums: collectEnums(doc, resolve),
    secretFields: collectSecretFields(doc),
    warnings,
  };
}
