/**
 * What changed between two versions of the spec, in plain words, and how much it matters to someone
 * using the SDK: `major` when a caller's build or runtime can break, `minor` for additions, `patch` for
 * documentation. The structural diff comes from api-smart-diff; its verdicts are written from an API
 * provider's side, so where a caller of the generated types sees it differently, the caller's view wins
 * and the change records the override (see `consumerOverride` below and the tests of each one).
 */

import { extractFacts, HTTP_METHODS, isOpenEnum, type Json, type SpecFacts } from "@junction/codegen";
import { apiCompare, type Diff } from "api-smart-diff";
import { canonicalJson } from "./canonical.ts";
import { schemaUsage, walk } from "./spec-walk.ts";

export type Bump = "major" | "minor" | "patch";

/** api-smart-diff's classification of a change. */
export type LibraryVerdict = Diff["type"];

/** One change of the spec as a caller of the SDK sees it. */
export interface SpecChange {
  level: Bump;
  /** Plain words, e.g. "removed query parameter `team_id` from `GET /v1/users/{user_id}`". */
  text: string;
  /** What the diff library said, mapped to a bump (`null`: it did not classify the change). */
  library: Bump | null;
  /** Why the caller's view differs from the library's, when it does. */
  override: string | null;
}

const BUMP_ORDER: Record<Bump, number> = { major: 0, minor: 1, patch: 2 };

/** The largest of some bumps (`major` > `minor` > `patch`), or `null` for none. */
export function highestBump(levels: Iterable<Bump>): Bump | null {
  let best: Bump | null = null;
  for (const level of levels) if (best === null || BUMP_ORDER[level] < BUMP_ORDER[best]) best = level;
  return best;
}

function libraryBump(type: LibraryVerdict | null | undefined): Bump | null {
  switch (type) {
    case "breaking":
      return "major";
    case "non-breaking":
    case "deprecated":
      return "minor";
    case "annotation":
      return "patch";
    default:
      return null;
  }
}

/** A change before operations that share its wording are merged into one line. */
interface Finding {
  level: Bump;
  /** The change without its place, e.g. "removed query parameter `team_id`". */
  what: string;
  /** Joins `what` to the operation(s): "from", "to", "in"; empty for changes that have no operation. */
  prep: string;
  where: string | null;
  library: LibraryVerdict[];
  /** Why the caller sees this at `level`; shown when the library disagrees. */
  reason: string;
}

type Direction = "request" | "response" | "unknown";

/** How a schema inside an operation is named in the wording. */
interface SchemaPlace {
  direction: Direction;
  /** `field` is a dotted path inside the schema (`data[].user_id`), empty for the schema itself. */
  subject(field: string): string;
  where: string | null;
  /** Path of the schema in the documents, as the diff library reports it. */
  docPath: (string | number)[];
  /** Only note the library's verdicts on named enums: the change is reported elsewhere. */
  recordOnly?: boolean;
}

const ANNOTATIONS = new Set(["description", "summary", "title", "example", "examples", "externalDocs", "$comment"]);
const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
const opLabel = (method: string, path: string) => `\`${method.toUpperCase()} ${path}\``;

interface Context {
  before: Json;
  after: Json;
  beforeFacts: SpecFacts;
  afterFacts: SpecFacts;
  usage: { responses: Set<string>; requests: Set<string>; any: Set<string> };
  /** Library verdicts of enum changes of named schemas, keyed `schema|add|value`. */
  namedEnumVerdicts: Map<string, LibraryVerdict[]>;
  findings: Finding[];
}

/** Compares two parsed specs. Returns `[]` when they are the same document. */
export async function compareSpecs(before: Json, after: Json): Promise<SpecChange[]> {
  if (canonicalJson(before) === canonicalJson(after)) return [];
  const beforeUsage = schemaUsage(before);
  const afterUsage = schemaUsage(after);
  const union = (a: Set<string>, b: Set<string>) => new Set([...a, ...b]);
  const ctx: Context = {
    before,
    after,
    beforeFacts: extractFacts(before),
    afterFacts: extractFacts(after),
    usage: {
      responses: union(beforeUsage.responses, afterUsage.responses),
      requests: union(beforeUsage.requests, afterUsage.requests),
      any: union(beforeUsage.any, afterUsage.any),
    },
    namedEnumVerdicts: new Map(),
    findings: [],
  };
  const { diffs } = apiCompare(structuredClone(before), structuredClone(after));
  for (const diff of diffs) classifyDiff(ctx, diff);
  namedEnumChanges(ctx);
  return mergeFindings(ctx.findings);
}

function add(ctx: Context, finding: Omit<Finding, "library"> & { library?: LibraryVerdict[] }, diff?: Diff) {
  ctx.findings.push({ ...finding, library: finding.library ?? (diff ? [diff.type] : []) });
}

/** The library's own verdict, for changes where the caller has no different view. */
function asLibrary(ctx: Context, diff: Diff, what: string, prep: string, where: string | null) {
  add(ctx, { level: libraryBump(diff.type) ?? "minor", what, prep, where, reason: "" }, diff);
}

/** A documentation-only change (summary, description, title...) of `subject`: a patch. */
function documentationChange(ctx: Context, diff: Diff, key: string, subject: string, where: string | null) {
  add(
    ctx,
    { level: "patch", what: `changed the ${key} of ${subject}`, prep: "in", where, reason: "documentation" },
    diff,
  );
}

function classifyDiff(ctx: Context, diff: Diff) {
  const [top, ...rest] = diff.path;
  if (top === "paths") return pathsChange(ctx, diff, rest);
  if (top === "components") return componentsChange(ctx, diff, rest);
  if (top === "servers") return serversChange(ctx, diff, rest);
  if (top === "info") {
    const key = String(rest[0] ?? "info");
    if (key === "version") {
      return add(
        ctx,
        {
          level: "patch",
          what: `changed the spec version from ${code(diff.before)} to ${code(diff.after)}`,
          prep: "",
          where: null,
          reason: "`specVersion` only records it",
        },
        diff,
      );
    }
    const what = rest.length === 0 ? "changed the API info" : `changed the API ${key.replace(/^x-/, "extension ")}`;
    const isTitle = key === "title";
    return add(
      ctx,
      {
        level: "patch",
        what,
        prep: "",
        where: null,
        reason: isTitle ? "`specTitle` only records it" : "documentation",
      },
      diff,
    );
  }
  if (top === "tags" || top === "externalDocs" || String(top).startsWith("x-")) {
    return add(
      ctx,
      { level: "patch", what: `changed ${code(top)}`, prep: "", where: null, reason: "documentation" },
      diff,
    );
  }
  if (top === "security") return asLibrary(ctx, diff, "changed the API's security requirements", "", null);
  return asLibrary(ctx, diff, `changed ${code(top)}`, "", null);
}

// ---------------------------------------------------------------------------------------------------
// paths

function pathsChange(ctx: Context, diff: Diff, rest: (string | number)[]) {
  const route = String(rest[0]);
  const second = rest[1];
  if (second === undefined) {
    // A whole path item: one finding per operation in it.
    const item = diff.action === "remove" ? diff.before : diff.after;
    const methods = HTTP_METHODS.filter((m) => item?.[m]);
    for (const method of methods) operationAddRemove(ctx, diff, method, route);
    if (diff.action === "replace") asLibrary(ctx, diff, "changed path item", "", `\`${route}\``);
    return;
  }
  const prefix = ["paths", route, second];
  if ((HTTP_METHODS as readonly string[]).includes(String(second))) {
    const where = opLabel(String(second), route);
    if (rest.length === 2) return operationAddRemove(ctx, diff, String(second), route);
    return operationPart(ctx, diff, rest.slice(2), where, prefix);
  }
  const where = `\`${route}\` (every method)`;
  if (second === "parameters") return operationPart(ctx, diff, rest.slice(1), where, ["paths", route]);
  if (ANNOTATIONS.has(String(second))) {
    return add(
      ctx,
      { level: "patch", what: `changed the ${second}`, prep: "of", where, reason: "documentation" },
      diff,
    );
  }
  asLibrary(ctx, diff, `changed ${code(second)}`, "of", where);
}

function operationAddRemove(ctx: Context, diff: Diff, method: string, route: string) {
  const what = opLabel(method, route);
  if (diff.action === "add") {
    add(
      ctx,
      { level: "minor", what: `added operation ${what}`, prep: "", where: null, reason: "a new operation" },
      diff,
    );
  } else if (diff.action === "remove") {
    add(
      ctx,
      { level: "major", what: `removed operation ${what}`, prep: "", where: null, reason: "callers of it break" },
      diff,
    );
  } else {
    asLibrary(ctx, diff, "changed operation", "", what);
  }
}

function lookup(ctx: Context, diff: Diff, path: (string | number)[]): Json {
  const first = diff.action === "remove" ? ctx.before : ctx.after;
  const second = diff.action === "remove" ? ctx.after : ctx.before;
  return walk(first, path).node ?? walk(second, path).node;
}

function operationPart(ctx: Context, diff: Diff, sub: (string | number)[], where: string, prefix: (string | number)[]) {
  const [head] = sub;
  if (head === "parameters") return parameterChange(ctx, diff, sub, where, prefix);
  if (head === "requestBody") return requestBodyChange(ctx, diff, sub, where, prefix);
  if (head === "responses") return responseChange(ctx, diff, sub, where, prefix);
  if (head === "operationId") {
    return add(
      ctx,
      {
        level: "major",
        what: `renamed operationId ${code(diff.before)} to ${code(diff.after)}`,
        prep: "of",
        where,
        reason: "`operationIndex` and the generated `operations` type are keyed by operationId",
      },
      diff,
    );
  }
  if (head === "deprecated") {
    const on = diff.after === true;
    return add(
      ctx,
      {
        level: "minor",
        what: on ? "deprecated" : "un-deprecated",
        prep: "",
        where,
        reason: "deprecation is announced in a minor release",
      },
      diff,
    );
  }
  if (head === "tags") {
    return add(
      ctx,
      { level: "patch", what: "changed the tags", prep: "of", where, reason: "only `operationIndex[].tag` records it" },
      diff,
    );
  }
  if (typeof head === "string" && (ANNOTATIONS.has(head) || head.startsWith("x-"))) {
    return add(ctx, { level: "patch", what: `changed the ${head}`, prep: "of", where, reason: "documentation" }, diff);
  }
  if (head === "security") return asLibrary(ctx, diff, "changed the security requirements", "of", where);
  asLibrary(ctx, diff, `changed ${code(head)}`, "of", where);
}

function parameterChange(
  ctx: Context,
  diff: Diff,
  sub: (string | number)[],
  where: string,
  prefix: (string | number)[],
) {
  if (sub.length === 1) {
    // The whole list: one finding per parameter.
    const list = (diff.action === "remove" ? diff.before : diff.after) ?? [];
    for (const parameter of list) {
      parameterAddRemove(ctx, diff, resolveParam(ctx, parameter), where);
    }
    return;
  }
  const paramPath = [...prefix, ...sub.slice(0, 2)];
  if (sub.length === 2) {
    if (diff.action === "replace") {
      parameterAddRemove(ctx, { ...diff, action: "remove" }, resolveParam(ctx, diff.before), where);
      parameterAddRemove(ctx, { ...diff, action: "add" }, resolveParam(ctx, diff.after), where);
      return;
    }
    const param = resolveParam(ctx, diff.action === "remove" ? diff.before : diff.after);
    return parameterAddRemove(ctx, diff, param, where);
  }
  const param = lookup(ctx, diff, paramPath) ?? {};
  const label = `${param.in ?? "a"} parameter ${code(param.name ?? "?")}`;
  const key = String(sub[2]);
  if (key === "required") {
    const required = diff.after === true;
    return add(
      ctx,
      {
        level: required ? "major" : "minor",
        what: `${label} is now ${required ? "required" : "optional"}`,
        prep: "in",
        where,
        reason: required ? "calls without it are refused" : "a relaxation",
      },
      diff,
    );
  }
  if (key === "schema") {
    return schemaChange(ctx, diff, sub.slice(3), {
      direction: "request",
      subject: (field) => (field ? `field ${code(field)} of ${label}` : label),
      where,
      docPath: [...paramPath, "schema"],
    });
  }
  if (key === "deprecated") {
    return add(
      ctx,
      { level: "minor", what: `deprecated ${label}`, prep: "in", where, reason: "deprecation is minor" },
      diff,
    );
  }
  if (ANNOTATIONS.has(key)) return documentationChange(ctx, diff, key, label, where);
  asLibrary(ctx, diff, `changed ${code(key)} of ${label}`, "in", where);
}

function resolveParam(ctx: Context, parameter: Json): Json {
  if (parameter && typeof parameter.$ref === "string") {
    return lookupRef(ctx.after, parameter.$ref) ?? lookupRef(ctx.before, parameter.$ref) ?? {};
  }
  return parameter ?? {};
}

function lookupRef(doc: Json, ref: string): Json {
  return walk(doc, ref.slice(2).split("/").map(decodeURIComponent)).node;
}

function parameterAddRemove(ctx: Context, diff: Diff, param: Json, where: string) {
  const label = `${param?.in ?? "a"} parameter ${code(param?.name ?? "?")}`;
  if (diff.action === "add") {
    const required = param?.required === true;
    return add(
      ctx,
      {
        level: required ? "major" : "minor",
        what: `added ${required ? "required" : "optional"} ${label}`,
        prep: "to",
        where,
        reason: required ? "existing calls lack it" : "an addition",
      },
      diff,
    );
  }
  add(
    ctx,
    {
      level: "major",
      what: `removed ${label}`,
      prep: "from",
      where,
      reason: "callers may be passing it: it no longer type-checks and the API may refuse it",
    },
    diff,
  );
}

function requestBodyChange(
  ctx: Context,
  diff: Diff,
  sub: (string | number)[],
  where: string,
  prefix: (string | number)[],
) {
  if (sub.length === 1) {
    if (diff.action === "remove") {
      return add(
        ctx,
        { level: "major", what: "removed the request body", prep: "of", where, reason: "callers send one" },
        diff,
      );
    }
    const required = diff.after?.required === true;
    return add(
      ctx,
      {
        level: diff.action === "add" && !required ? "minor" : "major",
        what:
          diff.action === "add"
            ? `added ${required ? "a required" : "an optional"} request body`
            : "replaced the request body",
        prep: "to",
        where,
        reason: required ? "existing calls lack it" : "an addition",
      },
      diff,
    );
  }
  const key = String(sub[1]);
  if (key === "required") {
    const required = diff.after === true;
    return add(
      ctx,
      {
        level: required ? "major" : "minor",
        what: `the request body is now ${required ? "required" : "optional"}`,
        prep: "in",
        where,
        reason: required ? "calls without it are refused" : "a relaxation",
      },
      diff,
    );
  }
  if (key === "content") {
    const mediaType = sub[2];
    if (sub.length === 3) {
      const added = diff.action === "add";
      return add(
        ctx,
        {
          level: added ? "minor" : "major",
          what: `${added ? "added" : diff.action === "remove" ? "removed" : "changed"} request content type ${code(mediaType)}`,
          prep: added ? "to" : "in",
          where,
          reason: added ? "an addition" : "callers send it",
        },
        diff,
      );
    }
    if (sub[3] === "schema") {
      return schemaChange(ctx, diff, sub.slice(4), {
        direction: "request",
        subject: (field) => (field ? `request body field ${code(field)}` : "request body"),
        where,
        docPath: [...prefix, "requestBody", "content", mediaType as string, "schema"],
      });
    }
    return add(
      ctx,
      { level: "patch", what: "changed request body examples", prep: "in", where, reason: "documentation" },
      diff,
    );
  }
  if (ANNOTATIONS.has(key)) return documentationChange(ctx, diff, key, "the request body", where);
  asLibrary(ctx, diff, `changed ${code(key)} of the request body`, "in", where);
}

function responseChange(
  ctx: Context,
  diff: Diff,
  sub: (string | number)[],
  where: string,
  prefix: (string | number)[],
) {
  if (sub.length === 1) {
    const codes = Object.keys((diff.action === "remove" ? diff.before : diff.after) ?? {});
    for (const status of codes) responseChange(ctx, diff, ["responses", status], where, prefix);
    return;
  }
  const status = String(sub[1]);
  const response = `response ${code(status)}`;
  if (sub.length === 2) {
    const added = diff.action === "add";
    return add(
      ctx,
      {
        level: added ? "minor" : "major",
        what: `${added ? "added" : diff.action === "remove" ? "removed" : "changed"} ${response}`,
        prep: added ? "to" : "of",
        where,
        reason: added ? "an addition" : "the generated response types change",
      },
      diff,
    );
  }
  const key = String(sub[2]);
  if (key === "content") {
    const mediaType = sub[3];
    if (sub.length === 4) {
      const added = diff.action === "add";
      return add(
        ctx,
        {
          level: added ? "minor" : "major",
          what: `${added ? "added" : diff.action === "remove" ? "removed" : "changed"} content type ${code(mediaType)} of ${response}`,
          prep: "in",
          where,
          reason: added ? "an addition" : "callers read it",
        },
        diff,
      );
    }
    if (sub[4] === "schema") {
      const body = status === "200" ? "response" : response;
      return schemaChange(ctx, diff, sub.slice(5), {
        direction: "response",
        subject: (field) => (field ? `${body} field ${code(field)}` : `${body} body`),
        where,
        docPath: [...prefix, "responses", status, "content", mediaType as string, "schema"],
      });
    }
    return add(
      ctx,
      { level: "patch", what: `changed examples of ${response}`, prep: "in", where, reason: "documentation" },
      diff,
    );
  }
  if (ANNOTATIONS.has(key)) return documentationChange(ctx, diff, key, response, where);
  asLibrary(ctx, diff, `changed ${code(key)} of ${response}`, "in", where);
}

// ---------------------------------------------------------------------------------------------------
// schemas

/** `data[].user_id` for `properties, data, items, properties, user_id`; combinators are skipped. */
function fieldName(segments: (string | number)[]): string {
  let name = "";
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment === "properties" && i + 1 < segments.length) {
      name += `${name ? "." : ""}${segments[++i]}`;
    } else if (segment === "items") {
      name += "[]";
    } else if (segment === "additionalProperties") {
      name += `${name ? "." : ""}*`;
    } else if (segment === "allOf" || segment === "anyOf" || segment === "oneOf") {
      i++;
    }
  }
  return name;
}

const asTypes = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];

function schemaChange(ctx: Context, diff: Diff, sub: (string | number)[], place: SchemaPlace) {
  const n = sub.length;
  const last = sub[n - 1];
  const parentKey = sub[n - 2];
  const { direction, where } = place;
  const prep = where ? "in" : "";

  // A property added or removed.
  if (parentKey === "properties" && (diff.action === "add" || diff.action === "remove")) {
    const field = fieldName(sub);
    const subject = place.subject(field);
    const parent = walk(diff.action === "add" ? ctx.after : ctx.before, [
      ...place.docPath,
      ...sub.slice(0, n - 2),
    ]).node;
    const required = Array.isArray(parent?.required) && parent.required.includes(String(last));
    if (diff.action === "add") {
      const breaks = required && direction !== "response";
      return add(
        ctx,
        {
          level: breaks ? "major" : "minor",
          what: `added ${direction === "request" ? (required ? "required " : "optional ") : ""}${subject}`,
          prep: where ? "to" : "",
          where,
          reason: breaks ? "existing calls lack it" : "an addition",
        },
        diff,
      );
    }
    const optional = direction === "request" ? (required ? "required " : "optional ") : "";
    return add(
      ctx,
      {
        level: "major",
        what: `removed ${optional}${subject}`,
        prep: where ? "from" : "",
        where,
        reason:
          direction === "request"
            ? "callers may be passing it: an object literal with it no longer type-checks"
            : "callers reading it break",
      },
      diff,
    );
  }

  // A name added to or removed from `required`.
  if (parentKey === "required" || last === "required") {
    const parentPath = sub.slice(0, last === "required" ? n - 1 : n - 2);
    const names = (value: unknown) => asTypes(value);
    const added = diff.action === "remove" ? [] : names(diff.after);
    const removed = diff.action === "add" ? [] : names(diff.before);
    for (const [list, nowRequired] of [
      [added, true],
      [removed, false],
    ] as const) {
      for (const name of list) {
        const subject = place.subject(fieldName([...parentPath, "properties", name]));
        const breaks = direction === "response" ? !nowRequired : direction === "request" ? nowRequired : true;
        const what =
          direction === "response"
            ? `${subject} ${nowRequired ? "is now always present" : "may now be absent"}`
            : `${subject} is now ${nowRequired ? "required" : "optional"}`;
        add(
          ctx,
          {
            level: breaks ? "major" : "minor",
            what,
            prep,
            where,
            reason: breaks
              ? nowRequired
                ? "calls without it are refused and no longer type-check"
                : "code reading it without a check breaks"
              : "a relaxation",
          },
          diff,
        );
      }
    }
    return;
  }

  // Enum values.
  const enumAt = last === "enum" ? n - 1 : parentKey === "enum" ? n - 2 : -1;
  if (enumAt !== -1) return enumChange(ctx, diff, sub.slice(0, enumAt), place, last === "enum");
  if (place.recordOnly) return;

  const subject = place.subject(fieldName(sub));

  // Types.
  if (last === "type" || parentKey === "type") {
    const typePath = [...place.docPath, ...sub.slice(0, last === "type" ? n : n - 1)];
    const was = asTypes(walk(ctx.before, typePath).node);
    const now = asTypes(walk(ctx.after, typePath).node);
    const widened = was.length > 0 && was.every((t) => now.includes(t)) && now.length > was.length;
    const breaks = !widened || direction !== "request";
    const describe = (types: string[]) => (types.length ? types.map((t) => code(t)).join(" | ") : "any");
    return add(
      ctx,
      {
        level: breaks ? "major" : "minor",
        what: `changed the type of ${subject} from ${describe(was)} to ${describe(now)}`,
        prep,
        where,
        reason: breaks
          ? widened
            ? "a response value may now have a type callers do not handle"
            : "code written for the old type no longer type-checks"
          : "the request accepts more",
      },
      diff,
    );
  }

  // A variant added to or removed from anyOf/oneOf.
  if ((parentKey === "anyOf" || parentKey === "oneOf") && diff.action !== "replace") {
    const added = diff.action === "add";
    const breaks = !added || direction !== "request";
    return add(
      ctx,
      {
        level: breaks ? "major" : "minor",
        what: `${added ? "added a variant to" : "removed a variant from"} the type of ${subject}`,
        prep,
        where,
        reason: breaks ? "the generated type changes incompatibly for callers" : "the request accepts more",
      },
      diff,
    );
  }

  if (typeof last === "string" && ANNOTATIONS.has(last)) {
    const verb = diff.action === "add" ? "added" : diff.action === "remove" ? "removed" : "changed";
    return add(
      ctx,
      { level: "patch", what: `${verb} the ${last} of ${subject}`, prep, where, reason: "documentation" },
      diff,
    );
  }
  if (last === "deprecated") {
    return add(
      ctx,
      { level: "minor", what: `deprecated ${subject}`, prep, where, reason: "deprecation is minor" },
      diff,
    );
  }
  if (n === 0) {
    return asLibrary(ctx, diff, `${diff.action === "add" ? "added" : "changed"} the schema of ${subject}`, prep, where);
  }
  const from = diff.before === undefined ? "" : ` from ${code(diff.before)}`;
  const to = diff.after === undefined ? " (removed)" : ` to ${code(diff.after)}`;
  asLibrary(ctx, diff, `changed ${code(last)} of ${subject}${from}${to}`, prep, where);
}

function enumChange(
  ctx: Context,
  diff: Diff,
  schemaPath: (string | number)[],
  place: SchemaPlace,
  wholeArray: boolean,
) {
  const fullPath = [...place.docPath, ...schemaPath];
  const afterWalk = walk(ctx.after, fullPath);
  const beforeWalk = walk(ctx.before, fullPath);
  const named = fullPath.length === 3 && fullPath[0] === "components" && fullPath[1] === "schemas";
  const owner = afterWalk.owner ?? beforeWalk.owner ?? (named ? String(fullPath[2]) : null);
  const added = wholeArray
    ? asTypes(diff.after).filter((v) => !asTypes(diff.before).includes(v))
    : diff.action === "remove"
      ? []
      : [diff.after];
  const removed = wholeArray
    ? asTypes(diff.before).filter((v) => !asTypes(diff.after).includes(v))
    : diff.action === "add"
      ? []
      : [diff.before];
  if (owner) {
    // A named enum: reported once, by name, from the generated facts (see namedEnumChanges).
    for (const [values, action] of [
      [added, "add"],
      [removed, "remove"],
    ] as const) {
      for (const value of values) {
        const key = `${owner}|${action}|${String(value)}`;
        ctx.namedEnumVerdicts.set(key, [...(ctx.namedEnumVerdicts.get(key) ?? []), diff.type]);
      }
    }
    return;
  }
  if (place.recordOnly) return;
  const subject = place.subject(fieldName(schemaPath));
  const open = afterWalk.open || isOpenEnum(afterWalk.node);
  const prep = place.where ? "in" : "";
  for (const value of removed) {
    add(
      ctx,
      {
        level: "major",
        what: `removed value ${code(value)} from the enum of ${subject}`,
        prep,
        where: place.where,
        reason: "code using the value no longer type-checks, and the API refuses it",
      },
      diff,
    );
  }
  for (const value of added) {
    const breaks = !open && place.direction !== "request";
    add(
      ctx,
      {
        level: breaks ? "major" : "minor",
        what: `added value ${code(value)} to the ${open ? "non-exhaustive" : "exhaustive"} enum of ${subject}`,
        prep,
        where: place.where,
        reason: breaks
          ? "responses may carry a value that exhaustive code does not handle"
          : open
            ? "the generated type already accepts any string"
            : "the request accepts more",
      },
      diff,
    );
  }
}

/** Enums that are named schemas, compared through the generator's own facts (`<Name>Values`). */
function namedEnumChanges(ctx: Context) {
  const before = new Map(ctx.beforeFacts.enums.map((e) => [e.schemaName, e]));
  for (const now of ctx.afterFacts.enums) {
    const was = before.get(now.schemaName);
    if (!was) continue;
    const name = code(now.schemaName);
    const inResponses = ctx.usage.responses.has(now.schemaName);
    const inRequests = ctx.usage.requests.has(now.schemaName);
    const verdicts = (action: string, value: unknown) =>
      ctx.namedEnumVerdicts.get(`${now.schemaName}|${action}|${String(value)}`) ?? [];
    for (const value of was.values.filter((v) => !now.values.includes(v))) {
      add(ctx, {
        level: "major",
        what: `removed value ${code(value)} from enum ${name}`,
        prep: "",
        where: null,
        reason: `code using the value no longer type-checks, and \`${now.schemaName}Values\` loses it`,
        library: verdicts("remove", value),
      });
    }
    for (const value of now.values.filter((v) => !was.values.includes(v))) {
      const breaks = !now.open && inResponses;
      add(ctx, {
        level: breaks ? "major" : "minor",
        what: now.open
          ? `added value ${code(value)} to non-exhaustive enum ${name}`
          : `added value ${code(value)} to exhaustive enum ${name}${inResponses ? ", which appears in responses" : ""}`,
        prep: "",
        where: null,
        reason: breaks
          ? "responses may carry a value that exhaustive code does not handle"
          : now.open
            ? "the generated type already accepts any string; only the suggestions and the values list grow"
            : "only requests use it: the API accepts more",
        library: verdicts("add", value),
      });
    }
    if (was.open !== now.open) {
      const breaks = now.open ? inResponses : inRequests;
      add(ctx, {
        level: breaks ? "major" : "minor",
        what: `enum ${name} is now ${now.open ? "non-exhaustive" : "exhaustive"}`,
        prep: "",
        where: null,
        reason: breaks ? "the generated type changes incompatibly for callers" : "a relaxation for callers",
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// components and servers

function componentsChange(ctx: Context, diff: Diff, rest: (string | number)[]) {
  const [kind, name, ...sub] = rest;
  if (kind === "schemas" && name !== undefined) {
    const schema = String(name);
    if (sub.length === 0) {
      if (diff.action === "add") {
        return add(
          ctx,
          { level: "minor", what: `added schema ${code(schema)}`, prep: "", where: null, reason: "an addition" },
          diff,
        );
      }
      if (diff.action === "remove") {
        return add(
          ctx,
          {
            level: "major",
            what: `removed schema ${code(schema)}`,
            prep: "",
            where: null,
            reason: "its exported type alias disappears",
          },
          diff,
        );
      }
    }
    // Schemas used by operations are reported where they are used; enums by name from the facts.
    const used = ctx.usage.any.has(schema);
    if (used && !sub.includes("enum")) return;
    return schemaChange(ctx, diff, sub, {
      recordOnly: used,
      direction: "unknown",
      subject: (field) => (field ? `field ${code(field)} of schema ${code(schema)}` : `schema ${code(schema)}`),
      where: null,
      docPath: ["components", "schemas", schema],
    });
  }
  if (kind === "securitySchemes") {
    const scheme = walk(ctx.after, ["components", "securitySchemes", String(name)]).node;
    if (sub[0] === "name" && scheme?.in === "header") {
      return add(
        ctx,
        {
          level: "major",
          what: `changed the API key header from ${code(diff.before)} to ${code(diff.after)}`,
          prep: "",
          where: null,
          reason: "`apiKeyHeader` changes",
        },
        diff,
      );
    }
    if (typeof sub[0] === "string" && ANNOTATIONS.has(sub[0])) {
      return add(
        ctx,
        {
          level: "patch",
          what: `changed the ${sub[0]} of security scheme ${code(name)}`,
          prep: "",
          where: null,
          reason: "documentation",
        },
        diff,
      );
    }
    return asLibrary(ctx, diff, `changed security scheme ${code(name)}`, "", null);
  }
  // Parameters, responses and bodies kept in components show up where operations use them.
}

function serversChange(ctx: Context, diff: Diff, rest: (string | number)[]) {
  const environment = (server: Json) =>
    `server ${code(server?.url)}${server?.["x-fern-server-name"] ? ` (${server["x-fern-server-name"]})` : ""}`;
  if (rest.length === 0) {
    const before: Json[] = diff.before ?? [];
    const after: Json[] = diff.after ?? [];
    for (const server of before) serversChange(ctx, { ...diff, action: "remove", before: server }, [0]);
    for (const server of after) serversChange(ctx, { ...diff, action: "add", after: server }, [0]);
    return;
  }
  if (rest.length === 1) {
    if (diff.action === "add") {
      return add(
        ctx,
        {
          level: "minor",
          what: `added ${environment(diff.after)}`,
          prep: "",
          where: null,
          reason: "a new environment callers may choose",
        },
        diff,
      );
    }
    if (diff.action === "remove") {
      return add(
        ctx,
        {
          level: "major",
          what: `removed ${environment(diff.before)}`,
          prep: "",
          where: null,
          reason: "callers choosing that environment break",
        },
        diff,
      );
    }
  }
  const server =
    walk(ctx.after, ["servers", ...rest.slice(0, 1)]).node ?? walk(ctx.before, ["servers", ...rest.slice(0, 1)]).node;
  const key = String(rest[1]);
  if (key === "url") {
    return add(
      ctx,
      {
        level: "minor",
        what: `changed the URL of ${environment({ ...server, url: diff.before })} to ${code(diff.after)}`,
        prep: "",
        where: null,
        reason: "the environment's base URL changes",
      },
      diff,
    );
  }
  if (key === "x-fern-server-name" || key === "x-name") {
    return add(
      ctx,
      {
        level: "major",
        what: `renamed environment ${code(diff.before)} of server ${code(server?.url)} to ${code(diff.after)}`,
        prep: "",
        where: null,
        reason: "environment names are keys of `environments`",
      },
      diff,
    );
  }
  add(
    ctx,
    {
      level: "patch",
      what: `changed the ${key} of ${environment(server)}`,
      prep: "",
      where: null,
      reason: "documentation",
    },
    diff,
  );
}

// ---------------------------------------------------------------------------------------------------

function joinWhere(wheres: string[]): string {
  const shown = wheres.slice(0, 3);
  const more = wheres.length - shown.length;
  if (more > 0) return `${shown.join(", ")} and ${more} more operation${more === 1 ? "" : "s"}`;
  if (shown.length <= 1) return shown.join("");
  return `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/** One line per distinct change, with every operation it touches; most severe first. */
function mergeFindings(findings: Finding[]): SpecChange[] {
  const groups = new Map<string, { finding: Finding; wheres: string[]; library: LibraryVerdict[] }>();
  for (const finding of findings) {
    const key = `${finding.level}\0${finding.what}\0${finding.prep}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { finding, wheres: finding.where ? [finding.where] : [], library: [...finding.library] });
      continue;
    }
    if (finding.where && !group.wheres.includes(finding.where)) group.wheres.push(finding.where);
    group.library.push(...finding.library);
  }
  const changes = [...groups.values()].map(({ finding, wheres, library }) => {
    const text = wheres.length
      ? `${finding.what}${finding.prep ? ` ${finding.prep}` : ""} ${joinWhere(wheres)}`
      : finding.what;
    const libraryLevel = highestBump(library.map(libraryBump).filter((b): b is Bump => b !== null));
    const said = [...new Set(library)].join("/");
    const override =
      libraryLevel !== null && libraryLevel !== finding.level
        ? `api-smart-diff: ${said} (${libraryLevel}); SDK callers: ${finding.level}, ${finding.reason}`
        : null;
    return { level: finding.level, text, library: libraryLevel, override };
  });
  return changes.sort((a, b) => BUMP_ORDER[a.level] - BUMP_ORDER[b.level]);
}
