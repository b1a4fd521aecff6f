/**
 * Enum values added or removed, and enums opened or closed. An enum is open (non-exhaustive) when its
 * description, or that of a `$ref` to it, says "non-exhaustive", or `x-junction-exhaustive: false` says
 * so; `x-junction-exhaustive: true` closes it. The generated type of an open enum is
 * `"a" | "b" | (string & {})`: opening one breaks exhaustive switches over response values, and closing
 * one breaks callers who send a value it does not list. Named enums are reported once, by name, from
 * the generator's facts (`<Name>Values`); inline ones where they are used.
 */
import { isOpenEnum, type SpecFacts } from "@junction/codegen";
import type { Diff } from "api-smart-diff";
import { type WalkResult, walk } from "../spec-walk.ts";
import {
  asTypes,
  at,
  type Context,
  code,
  fieldName,
  type LibraryVerdict,
  major,
  majorIf,
  type Path,
  record,
} from "./finding.ts";
import type { SchemaPlace } from "./schemas.ts";

const isOpen = (found: WalkResult) => found.open || isOpenEnum(found.node);

/** The named schema the enum at `fullPath` is, if it is one. */
function enumOwner(fullPath: Path, ...found: WalkResult[]): string | null {
  const named = fullPath.length === 3 && fullPath[0] === "components" && fullPath[1] === "schemas";
  return found.find((w) => w.owner)?.owner ?? (named ? String(fullPath[2]) : null);
}

/** Notes the library's verdict on a change of a named enum, reported later by `namedEnumChanges`. */
function noteVerdict(ctx: Context, key: string, verdict: LibraryVerdict) {
  ctx.namedEnumVerdicts.set(key, [...(ctx.namedEnumVerdicts.get(key) ?? []), verdict]);
}

/** Why opening or closing an enum breaks callers, or does not. */
function opennessReason(open: boolean, breaks: boolean): string {
  if (open) {
    return breaks
      ? "its type now accepts any string: exhaustive switches over response values no longer type-check"
      : "its type now accepts any string: requests accept more";
  }
  return breaks
    ? "its type no longer accepts other strings: callers sending a value it does not list no longer type-check"
    : "responses carry only the values it lists";
}

/** Values added to or removed from the enum of the schema at `schemaPath`. */
export function enumChange(ctx: Context, diff: Diff, schemaPath: Path, place: SchemaPlace, wholeArray: boolean) {
  const fullPath = [...place.docPath, ...schemaPath];
  const afterWalk = walk(ctx.after, fullPath);
  const owner = enumOwner(fullPath, afterWalk, walk(ctx.before, fullPath));
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
    for (const value of added) noteVerdict(ctx, `${owner}|add|${String(value)}`, diff.type);
    for (const value of removed) noteVerdict(ctx, `${owner}|remove|${String(value)}`, diff.type);
    return;
  }
  if (place.recordOnly) return;
  const subject = place.subject(fieldName(schemaPath));
  const open = isOpen(afterWalk);
  const inPlace = at("in", place.where);
  for (const value of removed) {
    const reason = "code using the value no longer type-checks, and the API refuses it";
    major(ctx, diff, `removed value ${code(value)} from the enum of ${subject}`, reason, inPlace);
  }
  for (const value of added) {
    const breaks = !open && place.direction !== "request";
    const what = `added value ${code(value)} to the ${open ? "non-exhaustive" : "exhaustive"} enum of ${subject}`;
    const reason = breaks
      ? "responses may carry a value that exhaustive code does not handle"
      : open
        ? "the generated type already accepts any string"
        : "the request accepts more";
    record(ctx, diff, majorIf(breaks), what, reason, inPlace);
  }
}

/**
 * A description or `x-junction-exhaustive` of the schema at `schemaPath` changed. When that opens or
 * closes its enum, records the change and returns `true`; a named enum's is reported by name instead.
 */
export function opennessChange(ctx: Context, diff: Diff, schemaPath: Path, place: SchemaPlace): boolean {
  const fullPath = [...place.docPath, ...schemaPath];
  const was = walk(ctx.before, fullPath);
  const now = walk(ctx.after, fullPath);
  if (!Array.isArray(was.node?.enum) || !Array.isArray(now.node?.enum)) return false;
  const owner = enumOwner(fullPath, now, was);
  if (owner) {
    const isOpenIn = (facts: SpecFacts) => facts.enums.find((e) => e.schemaName === owner)?.open;
    if (isOpenIn(ctx.beforeFacts) === isOpenIn(ctx.afterFacts)) return false;
    noteVerdict(ctx, `${owner}|open`, diff.type);
    return true;
  }
  const open = isOpen(now);
  if (isOpen(was) === open) return false;
  const breaks = open ? place.direction !== "request" : place.direction !== "response";
  const what = `the enum of ${place.subject(fieldName(schemaPath))} is now ${open ? "non-exhaustive" : "exhaustive"}`;
  record(ctx, diff, majorIf(breaks), what, opennessReason(open, breaks), at("in", place.where));
  return true;
}

/** Enums that are named schemas, compared through the generator's own facts (`<Name>Values`). */
export function namedEnumChanges(ctx: Context) {
  const before = new Map(ctx.beforeFacts.enums.map((e) => [e.schemaName, e]));
  for (const now of ctx.afterFacts.enums) {
    const was = before.get(now.schemaName);
    if (!was) continue;
    const name = code(now.schemaName);
    const inResponses = ctx.usage.responses.has(now.schemaName);
    const inRequests = ctx.usage.requests.has(now.schemaName);
    const verdicts = (key: string) => ctx.namedEnumVerdicts.get(`${now.schemaName}|${key}`) ?? [];
    for (const value of was.values.filter((v) => !now.values.includes(v))) {
      const reason = `code using the value no longer type-checks, and \`${now.schemaName}Values\` loses it`;
      major(ctx, verdicts(`remove|${value}`), `removed value ${code(value)} from enum ${name}`, reason);
    }
    for (const value of now.values.filter((v) => !was.values.includes(v))) {
      const breaks = !now.open && inResponses;
      const what = now.open
        ? `added value ${code(value)} to non-exhaustive enum ${name}`
        : `added value ${code(value)} to exhaustive enum ${name}${inResponses ? ", which appears in responses" : ""}`;
      const reason = breaks
        ? "responses may carry a value that exhaustive code does not handle"
        : now.open
          ? "the generated type already accepts any string; only the suggestions and the values list grow"
          : "only requests use it: the API accepts more";
      record(ctx, verdicts(`add|${value}`), majorIf(breaks), what, reason);
    }
    if (was.open !== now.open) {
      // Opening breaks readers of responses; closing breaks senders of requests.
      const breaks = now.open ? inResponses : inRequests;
      const [side, other] = now.open ? ["responses", "requests"] : ["requests", "responses"];
      const used = breaks
        ? `, which appears in ${side},`
        : (now.open ? inRequests : inResponses)
          ? `, which appears only in ${other},`
          : "";
      const what = `enum ${name}${used} is now ${now.open ? "non-exhaustive" : "exhaustive"}`;
      record(ctx, verdicts("open"), majorIf(breaks), what, opennessReason(now.open, breaks));
    }
  }
}
