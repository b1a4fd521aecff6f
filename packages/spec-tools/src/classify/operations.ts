/** Changes under `paths`: operations added or removed, and their parameters, request bodies and responses. */
import { HTTP_METHODS, type Json } from "@junction/codegen";
import type { Diff } from "api-smart-diff";
import { walk } from "../spec-walk.ts";
import {
  ANNOTATIONS,
  additionOr,
  asLibrary,
  at,
  type Context,
  code,
  documentationChange,
  major,
  majorIf,
  minor,
  opLabel,
  type Path,
  patch,
  record,
  verb,
} from "./finding.ts";
import { schemaChange } from "./schemas.ts";

export function pathsChange(ctx: Context, diff: Diff, rest: Path) {
  const route = String(rest[0]);
  const second = rest[1];
  if (second === undefined) {
    // A whole path item: one finding per operation in it.
    const item = diff.action === "remove" ? diff.before : diff.after;
    for (const method of HTTP_METHODS.filter((m) => item?.[m])) operationAddRemove(ctx, diff, method, route);
    if (diff.action === "replace") asLibrary(ctx, diff, "changed path item", at("", `\`${route}\``));
    return;
  }
  const prefix = ["paths", route, second];
  if ((HTTP_METHODS as readonly string[]).includes(String(second))) {
    if (rest.length === 2) return operationAddRemove(ctx, diff, String(second), route);
    return operationPart(ctx, diff, rest.slice(2), opLabel(String(second), route), prefix);
  }
  const where = `\`${route}\` (every method)`;
  if (second === "parameters") return operationPart(ctx, diff, rest.slice(1), where, ["paths", route]);
  if (ANNOTATIONS.has(String(second)))
    return patch(ctx, diff, `changed the ${second}`, "documentation", at("of", where));
  asLibrary(ctx, diff, `changed ${code(second)}`, at("of", where));
}

function operationAddRemove(ctx: Context, diff: Diff, method: string, route: string) {
  const operation = opLabel(method, route);
  if (diff.action === "add") return minor(ctx, diff, `added operation ${operation}`, "a new operation");
  if (diff.action === "remove") return major(ctx, diff, `removed operation ${operation}`, "callers of it break");
  asLibrary(ctx, diff, "changed operation", at("", operation));
}

/** The node at `path`, in the document that has it (the new one first, unless the diff removed it). */
function lookup(ctx: Context, diff: Diff, path: Path): Json {
  const first = diff.action === "remove" ? ctx.before : ctx.after;
  const second = diff.action === "remove" ? ctx.after : ctx.before;
  return walk(first, path).node ?? walk(second, path).node;
}

/** `deprecated: true` and `x-fern-availability: deprecated` both mark the operation `@deprecated`. */
const isDeprecated = (operation: Json) =>
  operation?.deprecated === true || operation?.["x-fern-availability"] === "deprecated";

function operationPart(ctx: Context, diff: Diff, sub: Path, where: string, prefix: Path) {
  const [head] = sub;
  if (head === "parameters") return parameterChange(ctx, diff, sub, where, prefix);
  if (head === "requestBody") return requestBodyChange(ctx, diff, sub, where, prefix);
  if (head === "responses") return responseChange(ctx, diff, sub, where, prefix);
  if (head === "operationId") {
    const what = `renamed operationId ${code(diff.before)} to ${code(diff.after)}`;
    const reason = "`operationIndex` and the generated `operations` type are keyed by operationId";
    return major(ctx, diff, what, reason, at("of", where));
  }
  const deprecated = [isDeprecated(walk(ctx.before, prefix).node), isDeprecated(walk(ctx.after, prefix).node)];
  if (head === "deprecated" || (head === "x-fern-availability" && deprecated[0] !== deprecated[1])) {
    const what = (head === "deprecated" ? diff.after === true : deprecated[1]) ? "deprecated" : "un-deprecated";
    return minor(ctx, diff, what, "deprecation is announced in a minor release", at("", where));
  }
  if (head === "tags")
    return patch(ctx, diff, "changed the tags", "only `operationIndex[].tag` records it", at("of", where));
  if (typeof head === "string" && (ANNOTATIONS.has(head) || head.startsWith("x-"))) {
    return patch(ctx, diff, `changed the ${head}`, "documentation", at("of", where));
  }
  if (head === "security") return asLibrary(ctx, diff, "changed the security requirements", at("of", where));
  asLibrary(ctx, diff, `changed ${code(head)}`, at("of", where));
}

/** `required: true` added or removed: calls without the thing are refused, or no longer need it. */
function requiredChange(ctx: Context, diff: Diff, subject: string, where: string) {
  const required = diff.after === true;
  const reason = required ? "calls without it are refused" : "a relaxation";
  record(
    ctx,
    diff,
    majorIf(required),
    `${subject} is now ${required ? "required" : "optional"}`,
    reason,
    at("in", where),
  );
}

const paramLabel = (param: Json) => `${param?.in ?? "a"} parameter ${code(param?.name ?? "?")}`;

function parameterChange(ctx: Context, diff: Diff, sub: Path, where: string, prefix: Path) {
  if (sub.length === 1) {
    // The whole list: one finding per parameter.
    const list = (diff.action === "remove" ? diff.before : diff.after) ?? [];
    for (const parameter of list) parameterAddRemove(ctx, diff, resolveParam(ctx, parameter), where);
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
  const label = paramLabel(lookup(ctx, diff, paramPath) ?? {});
  const key = String(sub[2]);
  if (key === "required") return requiredChange(ctx, diff, label, where);
  if (key === "schema") {
    return schemaChange(ctx, diff, sub.slice(3), {
      direction: "request",
      subject: (field) => (field ? `field ${code(field)} of ${label}` : label),
      where,
      docPath: [...paramPath, "schema"],
    });
  }
  if (key === "deprecated") return minor(ctx, diff, `deprecated ${label}`, "deprecation is minor", at("in", where));
  if (ANNOTATIONS.has(key)) return documentationChange(ctx, diff, key, label, where);
  asLibrary(ctx, diff, `changed ${code(key)} of ${label}`, at("in", where));
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
  const label = paramLabel(param);
  if (diff.action === "add") {
    const required = param?.required === true;
    const what = `added ${required ? "required" : "optional"} ${label}`;
    const reason = required ? "existing calls lack it" : "an addition";
    return record(ctx, diff, majorIf(required), what, reason, at("to", where));
  }
  const reason = "callers may be passing it: it no longer type-checks and the API may refuse it";
  major(ctx, diff, `removed ${label}`, reason, at("from", where));
}

function requestBodyChange(ctx: Context, diff: Diff, sub: Path, where: string, prefix: Path) {
  if (sub.length === 1) {
    if (diff.action === "remove") {
      return major(ctx, diff, "removed the request body", "callers send one", at("of", where));
    }
    const required = diff.after?.required === true;
    const added = diff.action === "add";
    const what = added ? `added ${required ? "a required" : "an optional"} request body` : "replaced the request body";
    const reason = required ? "existing calls lack it" : "an addition";
    return record(ctx, diff, majorIf(!added || required), what, reason, at("to", where));
  }
  const key = String(sub[1]);
  if (key === "required") return requiredChange(ctx, diff, "the request body", where);
  if (key === "content") {
    const mediaType = sub[2];
    if (sub.length === 3) {
      const what = `${verb(diff)} request content type ${code(mediaType)}`;
      return additionOr(ctx, diff, what, "callers send it", at(diff.action === "add" ? "to" : "in", where));
    }
    if (sub[3] === "schema") {
      return schemaChange(ctx, diff, sub.slice(4), {
        direction: "request",
        subject: (field) => (field ? `request body field ${code(field)}` : "request body"),
        where,
        docPath: [...prefix, "requestBody", "content", mediaType as string, "schema"],
      });
    }
    return patch(ctx, diff, "changed request body examples", "documentation", at("in", where));
  }
  if (ANNOTATIONS.has(key)) return documentationChange(ctx, diff, key, "the request body", where);
  asLibrary(ctx, diff, `changed ${code(key)} of the request body`, at("in", where));
}

function responseChange(ctx: Context, diff: Diff, sub: Path, where: string, prefix: Path) {
  if (sub.length === 1) {
    const codes = Object.keys((diff.action === "remove" ? diff.before : diff.after) ?? {});
    for (const status of codes) responseChange(ctx, diff, ["responses", status], where, prefix);
    return;
  }
  const status = String(sub[1]);
  const response = `response ${code(status)}`;
  if (sub.length === 2) {
    const place = at(diff.action === "add" ? "to" : "of", where);
    return additionOr(ctx, diff, `${verb(diff)} ${response}`, "the generated response types change", place);
  }
  const key = String(sub[2]);
  if (key === "content") {
    const mediaType = sub[3];
    if (sub.length === 4) {
      const what = `${verb(diff)} content type ${code(mediaType)} of ${response}`;
      return additionOr(ctx, diff, what, "callers read it", at("in", where));
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
    return patch(ctx, diff, `changed examples of ${response}`, "documentation", at("in", where));
  }
  if (ANNOTATIONS.has(key)) return documentationChange(ctx, diff, key, response, where);
  asLibrary(ctx, diff, `changed ${code(key)} of ${response}`, at("in", where));
}
