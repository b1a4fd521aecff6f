/**
 * Reading an OpenAPI 3.x document: local `$ref`s, operations, enum openness. The one resolver and the
 * one walker that the generator and the spec-bump tooling share.
 */

// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is untyped JSON here.
export type Json = any;

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** An HTTP method in the lower case an OpenAPI path item uses. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** How many `$ref`s in a row are followed before the chain is taken for a cycle. */
const MAX_REF_HOPS = 64;

const NON_EXHAUSTIVE = /non-exhaustive/i;

/** `true` when a description marks an enum as open (Junction writes "ℹ️ This enum is non-exhaustive."). */
export function isOpenDescription(description: unknown): boolean {
  return typeof description === "string" && NON_EXHAUSTIVE.test(description);
}

/**
 * Whether the enum of `schema` is open (the API may send values it does not list): `x-junction-exhaustive`
 * when the spec states it, else a "non-exhaustive" description on the schema or on the `$ref` that led here.
 */
export function isOpenEnum(schema: Json, viaRef?: Json): boolean {
  const stated = schema?.["x-junction-exhaustive"] ?? viaRef?.["x-junction-exhaustive"];
  if (typeof stated === "boolean") return !stated;
  return isOpenDescription(schema?.description) || isOpenDescription(viaRef?.description);
}

/** Decodes one JSON-pointer segment (`a~1b` → `a/b`). */
const unescapePointer = (raw: string) => decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");

/** The node a local `$ref` (`#/a/b~1c`) points to, or `undefined` (also for a non-local ref). */
export function pointerTarget(doc: Json, ref: string): Json {
  if (!ref.startsWith("#/")) return undefined;
  let node: Json = doc;
  for (const raw of ref.slice(2).split("/")) node = node?.[unescapePointer(raw)];
  return node;
}

/** Name of the `components.schemas` entry a `$ref` names, or `null`. */
export function schemaRefName(ref: unknown): string | null {
  if (typeof ref !== "string") return null;
  const match = /^#\/components\/schemas\/([^/]+)$/.exec(ref);
  return match?.[1] ? unescapePointer(match[1]) : null;
}

/**
 * Follows `$ref`s from `node` until a node without one; throws on an external, unresolvable or
 * circular chain. With `siblings`, keywords written beside a `$ref` (allowed in 3.1) are kept on top
 * of its target, as a 3.1 validator applies both.
 */
export function resolveRef(doc: Json, node: Json, options: { siblings?: boolean } = {}): Json {
  let current = node;
  const seen = new Set<string>();
  for (let hops = 0; current && typeof current === "object" && typeof current.$ref === "string"; hops++) {
    const ref: string = current.$ref;
    if (!ref.startsWith("#/")) throw new Error(`Only local $refs are supported, found "${ref}".`);
    if (seen.has(ref) || hops > MAX_REF_HOPS) throw new Error(`Circular $ref "${ref}".`);
    seen.add(ref);
    const target = pointerTarget(doc, ref);
    if (target === undefined) throw new Error(`Unresolvable $ref "${ref}".`);
    if (options.siblings) {
      const { $ref: _, ...own } = current;
      current = Object.keys(own).length > 0 && target && typeof target === "object" ? { ...target, ...own } : target;
    } else {
      current = target;
    }
  }
  return current;
}

/** A resolver bound to one document: `resolve(node)` is {@link resolveRef}`(doc, node)`. */
export function createResolver(doc: Json): (node: Json) => Json {
  return (node) => resolveRef(doc, node);
}

/** One operation of a document, as found under `paths`. */
export interface SpecOperation {
  path: string;
  method: HttpMethod;
  operation: Json;
  pathItem: Json;
  /** Parameters of the path item and the operation, resolved; the operation's win on a clash. */
  parameters: Json[];
}

/** Every operation of a document, in document order. */
export function operationsOf(doc: Json): SpecOperation[] {
  const result: SpecOperation[] = [];
  for (const [path, rawItem] of Object.entries<Json>(doc?.paths ?? {})) {
    const pathItem = resolveRef(doc, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = pathItem?.[method];
      if (!operation || typeof operation !== "object") continue;
      const byKey = new Map<string, Json>();
      for (const raw of [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]) {
        const parameter = resolveRef(doc, raw);
        if (parameter && typeof parameter === "object") byKey.set(`${parameter.in}:${parameter.name}`, parameter);
      }
      result.push({ path, method, operation, pathItem, parameters: [...byKey.values()] });
    }
  }
  return result;
}

/** Names of the `components.schemas` entries reachable from `roots`, following `$ref`s transitively. */
export function reachableSchemas(doc: Json, roots: Json[]): Set<string> {
  const found = new Set<string>();
  const seen = new Set<Json>();
  const visit = (node: Json): void => {
    if (!node || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (typeof node.$ref === "string") {
      const name = schemaRefName(node.$ref);
      if (name) found.add(name);
      visit(pointerTarget(doc, node.$ref));
    }
    for (const value of Object.values(node)) visit(value);
  };
  for (const root of roots) visit(root);
  return found;
}

/** The media type of `content` that is JSON (`application/json`, `application/problem+json`, …), if any. */
export function jsonMediaType(content: Json): string | undefined {
  if (!content || typeof content !== "object") return undefined;
  return Object.keys(content).find((type) => /^application\/([\w.+-]+\+)?json\b/i.test(type));
}
