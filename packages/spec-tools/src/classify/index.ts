/**
 * What changed between two versions of the spec, in plain words, and how much it matters to someone
 * using the SDK: `major` when a caller's build or runtime can break, `minor` for additions, `patch` for
 * documentation. The structural diff comes from api-smart-diff; its verdicts are written from an API
 * provider's side, so where a caller of the generated types sees it differently, the caller's view wins.
 * Each finding carries the reason for its level, and a change whose level differs from the library's
 * keeps both in `SpecChange.override` (see `mergeFindings` below; each override is tested in
 * test/classify.test.ts).
 *
 * The parts: operations.ts (paths, parameters, bodies, responses), schemas.ts (fields and types),
 * enums.ts (values and openness), document.ts (info, servers, security schemes, named schemas), and
 * finding.ts (the findings they record).
 */
import { extractFacts, type Json } from "@junction/codegen";
import { apiCompare, type Diff } from "api-smart-diff";
import { canonicalJson } from "../canonical.ts";
import { schemaUsage } from "../spec-walk.ts";
import { componentsChange, documentChange } from "./document.ts";
import { namedEnumChanges } from "./enums.ts";
import {
  BUMP_ORDER,
  type Bump,
  type Context,
  type Finding,
  highestBump,
  type LibraryVerdict,
  libraryBump,
  type SpecChange,
} from "./finding.ts";
import { pathsChange } from "./operations.ts";

export { type Bump, highestBump, type LibraryVerdict, type SpecChange } from "./finding.ts";

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

function classifyDiff(ctx: Context, diff: Diff) {
  const [top, ...rest] = diff.path;
  if (top === "paths") return pathsChange(ctx, diff, rest);
  if (top === "components") return componentsChange(ctx, diff, rest);
  documentChange(ctx, diff, String(top), rest);
}

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
