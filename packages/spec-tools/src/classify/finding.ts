/**
 * What every part of the classification shares: the bump levels, the findings they record (one call a
 * finding: `major(ctx, diff, what, reason, at("from", where))`), and the words they are written in.
 */
import type { Json, SpecFacts } from "@junction/codegen";
import type { Diff } from "api-smart-diff";

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

export const BUMP_ORDER: Record<Bump, number> = { major: 0, minor: 1, patch: 2 };

/** The largest of some bumps (`major` > `minor` > `patch`), or `null` for none. */
export function highestBump(levels: Iterable<Bump>): Bump | null {
  let best: Bump | null = null;
  for (const level of levels) if (best === null || BUMP_ORDER[level] < BUMP_ORDER[best]) best = level;
  return best;
}

export function libraryBump(type: LibraryVerdict | null | undefined): Bump | null {
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

/** A path inside the documents, as the diff library reports it. */
export type Path = (string | number)[];

/** Where a change is: the operation(s), and the word that joins them to it ("from", "to", "in", "of"). */
export interface Place {
  prep: string;
  where: string | null;
}

/** Changes that have no operation: servers, enums by name, the API's info. */
export const NOWHERE: Place = { prep: "", where: null };

export const at = (prep: string, where: string | null): Place => (where ? { prep, where } : NOWHERE);

/** A change before operations that share its wording are merged into one line. */
export interface Finding extends Place {
  level: Bump;
  /** The change without its place, e.g. "removed query parameter `team_id`". */
  what: string;
  library: LibraryVerdict[];
  /** Why the caller sees this at `level`; shown when the library disagrees. */
  reason: string;
}

export interface Context {
  before: Json;
  after: Json;
  beforeFacts: SpecFacts;
  afterFacts: SpecFacts;
  usage: { responses: Set<string>; requests: Set<string>; any: Set<string> };
  /** Library verdicts of changes to named enums, keyed `schema|add|value`, `schema|remove|value`, `schema|open`. */
  namedEnumVerdicts: Map<string, LibraryVerdict[]>;
  findings: Finding[];
}

/**
 * Records a finding. `source` is the diff it comes from (its verdict is the library's), or the library's
 * verdicts themselves for a change gathered from several diffs.
 */
export function record(
  ctx: Context,
  source: Diff | LibraryVerdict[],
  level: Bump,
  what: string,
  reason: string,
  place: Place = NOWHERE,
) {
  const library = Array.isArray(source) ? source : [source.type];
  ctx.findings.push({ level, what, reason, library, ...place });
}

type Level = (ctx: Context, source: Diff | LibraryVerdict[], what: string, reason: string, place?: Place) => void;
export const major: Level = (ctx, source, what, reason, place) => record(ctx, source, "major", what, reason, place);
export const minor: Level = (ctx, source, what, reason, place) => record(ctx, source, "minor", what, reason, place);
export const patch: Level = (ctx, source, what, reason, place) => record(ctx, source, "patch", what, reason, place);

/** `major` when the change breaks callers, else `minor`. */
export const majorIf = (breaks: boolean): Bump => (breaks ? "major" : "minor");

/** An addition is minor; removing or replacing the same thing is major, for `reason`. */
export function additionOr(ctx: Context, diff: Diff, what: string, reason: string, place: Place) {
  const added = diff.action === "add";
  record(ctx, diff, majorIf(!added), what, added ? "an addition" : reason, place);
}

/** The library's own verdict, for changes where the caller has no different view. */
export function asLibrary(ctx: Context, diff: Diff, what: string, place: Place = NOWHERE) {
  record(ctx, diff, libraryBump(diff.type) ?? "minor", what, "", place);
}

/** A documentation-only change (summary, description, title...) of `subject`: a patch. */
export function documentationChange(ctx: Context, diff: Diff, key: string, subject: string, where: string | null) {
  patch(ctx, diff, `changed the ${key} of ${subject}`, "documentation", at("in", where));
}

// ---------------------------------------------------------------------------------------------------
// wording

export const ANNOTATIONS = new Set([
  "description",
  "summary",
  "title",
  "example",
  "examples",
  "externalDocs",
  "$comment",
]);
export const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
export const opLabel = (method: string, path: string) => `\`${method.toUpperCase()} ${path}\``;
export const verb = (diff: Diff) =>
  diff.action === "add" ? "added" : diff.action === "remove" ? "removed" : "changed";

export const asTypes = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];

/** `data[].user_id` for `properties, data, items, properties, user_id`; combinators are skipped. */
export function fieldName(segments: Path): string {
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
