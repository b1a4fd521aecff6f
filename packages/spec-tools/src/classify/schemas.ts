/**
 * Changes inside a schema, worded by where the schema is used: a field of a request is the caller's to
 * send, a field of a response the caller's to read, so the same change can break one and not the other.
 */
import { isOpenDescription, schemaRefName } from "@junction/codegen";
import type { Diff } from "api-smart-diff";
import { walk } from "../spec-walk.ts";
import { enumChange, opennessChange } from "./enums.ts";
import {
  ANNOTATIONS,
  asLibrary,
  asTypes,
  at,
  type Context,
  code,
  fieldName,
  major,
  majorIf,
  minor,
  type Path,
  patch,
  record,
  verb,
} from "./finding.ts";

export type Direction = "request" | "response" | "unknown";

/** How a schema inside an operation is named in the wording. */
export interface SchemaPlace {
  direction: Direction;
  /** `field` is a dotted path inside the schema (`data[].user_id`), empty for the schema itself. */
  subject(field: string): string;
  where: string | null;
  /** Path of the schema in the documents, as the diff library reports it. */
  docPath: Path;
  /** Only note the library's verdicts on named enums: the change is reported elsewhere. */
  recordOnly?: boolean;
}

/** `diff` at `sub` inside the schema at `place`. */
export function schemaChange(ctx: Context, diff: Diff, sub: Path, place: SchemaPlace) {
  const n = sub.length;
  const last = sub[n - 1];
  const parentKey = sub[n - 2];
  if (parentKey === "properties" && (diff.action === "add" || diff.action === "remove")) {
    return propertyAddRemove(ctx, diff, sub, place);
  }
  if (parentKey === "required" || last === "required") {
    return requiredListChange(ctx, diff, sub.slice(0, last === "required" ? n - 1 : n - 2), place);
  }
  const enumAt = last === "enum" ? n - 1 : parentKey === "enum" ? n - 2 : -1;
  if (enumAt !== -1) return enumChange(ctx, diff, sub.slice(0, enumAt), place, last === "enum");
  if (place.recordOnly) return;
  if (last === "allOf" && refSiblingsChange(ctx, diff, sub, place)) return;
  const marksOpenness =
    last === "x-junction-exhaustive" ||
    (last === "description" && isOpenDescription(diff.before) !== isOpenDescription(diff.after));
  if (marksOpenness && opennessChange(ctx, diff, sub.slice(0, -1), place)) return;

  const subject = place.subject(fieldName(sub));
  const inPlace = at("in", place.where);
  if (last === "type" || parentKey === "type") {
    return typeChange(ctx, diff, [...place.docPath, ...sub.slice(0, last === "type" ? n : n - 1)], subject, place);
  }
  if ((parentKey === "anyOf" || parentKey === "oneOf") && diff.action !== "replace") {
    const added = diff.action === "add";
    const breaks = !added || place.direction !== "request";
    const what = `${added ? "added a variant to" : "removed a variant from"} the type of ${subject}`;
    const reason = breaks ? "the generated type changes incompatibly for callers" : "the request accepts more";
    return record(ctx, diff, majorIf(breaks), what, reason, inPlace);
  }
  if (typeof last === "string" && ANNOTATIONS.has(last)) {
    return patch(ctx, diff, `${verb(diff)} the ${last} of ${subject}`, "documentation", inPlace);
  }
  if (last === "deprecated") return minor(ctx, diff, `deprecated ${subject}`, "deprecation is minor", inPlace);
  if (n === 0) {
    return asLibrary(ctx, diff, `${diff.action === "add" ? "added" : "changed"} the schema of ${subject}`, inPlace);
  }
  const from = diff.before === undefined ? "" : ` from ${code(diff.before)}`;
  const to = diff.after === undefined ? " (removed)" : ` to ${code(diff.after)}`;
  asLibrary(ctx, diff, `changed ${code(last)} of ${subject}${from}${to}`, inPlace);
}

/**
 * A `$ref` that gained or lost sibling keys (a description, `x-junction-exhaustive`): the library sees
 * `allOf: [target, siblings]` appear or disappear. Each sibling key is classified as a change of its own.
 */
function refSiblingsChange(ctx: Context, diff: Diff, sub: Path, place: SchemaPlace): boolean {
  const wrapper = diff.action === "add" ? diff.after : diff.action === "remove" ? diff.before : undefined;
  const [target, siblings, ...more] = Array.isArray(wrapper) ? wrapper : [];
  const owner = Object.keys(target ?? {}).length === 1 ? schemaRefName(target.$ref) : null;
  if (!owner || more.length > 0 || !siblings || typeof siblings !== "object") return false;
  const refPath = sub.slice(0, -1);
  const fullPath = [...place.docPath, ...refPath];
  if (walk(ctx.before, fullPath).owner !== owner || walk(ctx.after, fullPath).owner !== owner) return false;
  for (const [key, value] of Object.entries(siblings)) {
    const change = diff.action === "add" ? { before: undefined, after: value } : { before: value, after: undefined };
    schemaChange(ctx, { ...diff, ...change }, [...refPath, key], place);
  }
  return true;
}

function propertyAddRemove(ctx: Context, diff: Diff, sub: Path, place: SchemaPlace) {
  const { direction, where } = place;
  const subject = place.subject(fieldName(sub));
  const doc = diff.action === "add" ? ctx.after : ctx.before;
  const parent = walk(doc, [...place.docPath, ...sub.slice(0, -2)]).node;
  const required = Array.isArray(parent?.required) && parent.required.includes(String(sub[sub.length - 1]));
  const optional = direction === "request" ? (required ? "required " : "optional ") : "";
  if (diff.action === "add") {
    const breaks = required && direction !== "response";
    const reason = breaks ? "existing calls lack it" : "an addition";
    return record(ctx, diff, majorIf(breaks), `added ${optional}${subject}`, reason, at("to", where));
  }
  const reason =
    direction === "request"
      ? "callers may be passing it: an object literal with it no longer type-checks"
      : "callers reading it break";
  major(ctx, diff, `removed ${optional}${subject}`, reason, at("from", where));
}

/** Names added to or removed from the `required` list of the object at `parentPath`. */
function requiredListChange(ctx: Context, diff: Diff, parentPath: Path, place: SchemaPlace) {
  const { direction } = place;
  const added = diff.action === "remove" ? [] : asTypes(diff.after);
  const removed = diff.action === "add" ? [] : asTypes(diff.before);
  for (const [names, nowRequired] of [
    [added, true],
    [removed, false],
  ] as const) {
    for (const name of names) {
      const subject = place.subject(fieldName([...parentPath, "properties", name]));
      const breaks = direction === "response" ? !nowRequired : direction === "request" ? nowRequired : true;
      const what =
        direction === "response"
          ? `${subject} ${nowRequired ? "is now always present" : "may now be absent"}`
          : `${subject} is now ${nowRequired ? "required" : "optional"}`;
      const breaksBecause = nowRequired
        ? "calls without it are refused and no longer type-check"
        : "code reading it without a check breaks";
      record(ctx, diff, majorIf(breaks), what, breaks ? breaksBecause : "a relaxation", at("in", place.where));
    }
  }
}

/** `type` of the schema at `typePath` changed: only widening a request's type is not breaking. */
function typeChange(ctx: Context, diff: Diff, typePath: Path, subject: string, place: SchemaPlace) {
  const was = asTypes(walk(ctx.before, typePath).node);
  const now = asTypes(walk(ctx.after, typePath).node);
  // The same types on both sides: a `$ref` gained or lost sibling keys, and the library saw its target move.
  if (was.length > 0 && was.length === now.length && was.every((t) => now.includes(t))) return;
  const widened = was.length > 0 && was.every((t) => now.includes(t)) && now.length > was.length;
  const breaks = !widened || place.direction !== "request";
  const describe = (types: string[]) => (types.length ? types.map((t) => code(t)).join(" | ") : "any");
  const what = `changed the type of ${subject} from ${describe(was)} to ${describe(now)}`;
  const reason = !breaks
    ? "the request accepts more"
    : widened
      ? "a response value may now have a type callers do not handle"
      : "code written for the old type no longer type-checks";
  record(ctx, diff, majorIf(breaks), what, reason, at("in", place.where));
}
