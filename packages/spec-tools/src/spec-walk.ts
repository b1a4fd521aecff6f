/** Walking an unresolved OpenAPI document along a path of the resolved one that the diff library reports. */
import type { Json } from "./spec-io.ts";

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

const NON_EXHAUSTIVE = /non-exhaustive/i;

/** `true` when a description marks an enum as open ("ℹ️ This enum is non-exhaustive."). */
export function isOpenDescription(description: unknown): boolean {
  return typeof description === "string" && NON_EXHAUSTIVE.test(description);
}

/** The node a local `$ref` (`#/a/b~1c`) points to, or `undefined`. */
export function pointerTarget(doc: Json, ref: string): Json {
  if (!ref.startsWith("#/")) return undefined;
  let node: Json = doc;
  for (const raw of ref.slice(2).split("/")) {
    node = node?.[decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

/** Where a walk ended. */
export interface WalkResult {
  /** The node, with `$ref`s followed. */
  node: Json;
  /** Name of the `components.schemas` entry the node itself is, when it was reached through a `$ref`. */
  owner: string | null;
  /** A `$ref` on the way to the node carried a "non-exhaustive" description. */
  open: boolean;
}

/**
 * Follows `path` through `doc`, resolving `$ref`s on the way as the diff library does: a `$ref` with
 * sibling keys appears there as `allOf: [target]`, and a key missing from an `allOf` schema is looked
 * for in its members.
 */
export function walk(doc: Json, path: (string | number)[]): WalkResult {
  let node: Json = doc;
  let owner: string | null = null;
  let open = false;
  const settle = () => {
    for (let hops = 0; hops < 64 && node && typeof node === "object" && typeof node.$ref === "string"; hops++) {
      if (isOpenDescription(node.description)) open = true;
      const match = /^#\/components\/schemas\/(.+)$/.exec(node.$ref);
      if (match?.[1]) owner = decodeURIComponent(match[1]);
      node = pointerTarget(doc, node.$ref);
    }
  };
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as string | number;
    if (segment === "allOf" && node && typeof node.$ref === "string" && !("allOf" in node)) {
      i++; // `allOf`, 0: the $ref's target itself.
      settle();
      continue;
    }
    settle();
    owner = null;
    open = false;
    node = childOf(node, segment, doc);
    if (node === undefined) return { node, owner: null, open: false };
  }
  settle();
  return { node, owner, open };
}

function childOf(node: Json, segment: string | number, doc: Json): Json {
  if (!node || typeof node !== "object") return undefined;
  if (segment in node) return node[segment];
  if (!Array.isArray(node.allOf)) return undefined;
  const members = node.allOf.map((member: Json) => resolveDeep(doc, member));
  if (segment === "properties") {
    return Object.assign({}, ...members.map((m: Json) => childOf(m, "properties", doc) ?? {}));
  }
  if (segment === "required") return members.flatMap((m: Json) => childOf(m, "required", doc) ?? []);
  for (const member of members) {
    const found = childOf(member, segment, doc);
    if (found !== undefined) return found;
  }
  return undefined;
}

function resolveDeep(doc: Json, node: Json): Json {
  let current = node;
  for (let hops = 0; hops < 64 && current && typeof current.$ref === "string"; hops++) {
    current = pointerTarget(doc, current.$ref);
  }
  return current;
}

/** Names of the `components.schemas` entries reachable from `roots`, following `$ref`s transitively. */
export function reachableSchemas(doc: Json, roots: Json[]): Set<string> {
  const found = new Set<string>();
  const seen = new Set<Json>();
  const visit = (node: Json): void => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (typeof node.$ref === "string") {
      const match = /^#\/components\/schemas\/(.+)$/.exec(node.$ref);
      if (match?.[1]) found.add(decodeURIComponent(match[1]));
      visit(pointerTarget(doc, node.$ref));
    }
    for (const value of Object.values(node)) visit(value);
  };
  for (const root of roots) visit(root);
  return found;
}

/** Every operation of a document with its path and method. */
export function operationsOf(doc: Json): { path: string; method: string; operation: Json; pathItem: Json }[] {
  const result = [];
  for (const [path, rawItem] of Object.entries<Json>(doc?.paths ?? {})) {
    const item = resolveDeep(doc, rawItem);
    for (const method of HTTP_METHODS) {
      if (item?.[method]) result.push({ path, method, operation: item[method], pathItem: item });
    }
  }
  return result;
}

/** Schemas reachable from responses, from requests (parameters and bodies), and from either. */
export function schemaUsage(doc: Json): { responses: Set<string>; requests: Set<string>; any: Set<string> } {
  const operations = operationsOf(doc);
  const responses = reachableSchemas(
    doc,
    operations.map((o) => o.operation.responses),
  );
  const requests = reachableSchemas(
    doc,
    operations.flatMap((o) => [o.operation.parameters, o.operation.requestBody, o.pathItem.parameters]),
  );
  return { responses, requests, any: new Set([...responses, ...requests]) };
}
