/** Walking an unresolved OpenAPI document along a path of the resolved one that the diff library reports. */
import {
  isOpenDescription,
  type Json,
  operationsOf,
  pointerTarget,
  reachableSchemas,
  resolveRef,
  schemaRefName,
} from "@junction/codegen";

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
      owner = schemaRefName(node.$ref) ?? owner;
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

/** The node a `$ref` chain ends at; `undefined` for a broken chain (the diff reports it elsewhere). */
function resolveDeep(doc: Json, node: Json): Json {
  try {
    return resolveRef(doc, node);
  } catch {
    return undefined;
  }
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
