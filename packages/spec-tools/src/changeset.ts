/** The changeset a spec bump writes, and the summary it prints. */

import { escapeControls } from "@junction/codegen";
import { specMarker } from "./canonical.ts";
import { type Bump, highestBump, type SpecChange } from "./classify/index.ts";

/** Packages whose published contents are generated from the spec. */
export const TYPES_PACKAGE = "@junction/openapi-types";
/** Re-exports the generated types and facts, so a spec change reaches its users too. */
export const CLIENT_PACKAGE = "@junction/client";

/** The bump of each package for a set of changes (empty when there are none). */
export function packageBumps(changes: SpecChange[], generatedChanged: boolean): Record<string, Bump> {
  const level = highestBump(changes.map((c) => c.level));
  if (level === null) return {};
  // The client re-exports `paths` and the schema types: a break there is a break of the client too.
  return generatedChanged ? { [TYPES_PACKAGE]: level, [CLIENT_PACKAGE]: level } : { [TYPES_PACKAGE]: level };
}

const HEADINGS: Record<Bump, string> = {
  major: "Breaking changes",
  minor: "Additions",
  patch: "Documentation",
};

function changeList(changes: SpecChange[]): string[] {
  const lines: string[] = [];
  for (const level of ["major", "minor", "patch"] as const) {
    const some = changes.filter((c) => c.level === level);
    if (some.length === 0) continue;
    lines.push(`${HEADINGS[level]} (${level}):`, "", ...some.map((c) => `- ${escapeControls(c.text)}`), "");
  }
  return lines;
}

export interface ChangesetInput {
  fromVersion: string;
  toVersion: string;
  changes: SpecChange[];
  bumps: Record<string, Bump>;
  hash: string;
}

/** Versions as they may be printed: a spec's text never reaches a terminal or a changeset as control bytes. */
const printableVersions = <T extends ChangesetInput>(input: T): T => ({
  ...input,
  fromVersion: escapeControls(input.fromVersion),
  toVersion: escapeControls(input.toVersion),
});

/** A changeset file (front matter, the changes in plain words, the spec marker). */
export function renderChangeset(input: ChangesetInput): string {
  const { fromVersion, toVersion, changes, bumps, hash } = printableVersions(input);
  const front = Object.entries(bumps).map(([name, level]) => `"${name}": ${level}`);
  const version = fromVersion === toVersion ? `spec ${toVersion}` : `spec ${fromVersion} → ${toVersion}`;
  return [
    "---",
    ...front,
    "---",
    "",
    `Junction API ${version}: the types and runtime facts are regenerated from the new OpenAPI document.`,
    "",
    ...changeList(changes),
    specMarker(hash),
    "",
  ].join("\n");
}

/** What the command prints: the bumps, then each change; overrides of the library's verdict are noted. */
export function renderSummary(given: ChangesetInput & { changesetPath: string | null }): string {
  const input = printableVersions(given);
  if (input.changes.length === 0) return "No changes: the new spec is the same document as openapi/junction.yaml.";
  const lines = [
    `Spec ${input.fromVersion} → ${input.toVersion}: ${input.changes.length} change${input.changes.length === 1 ? "" : "s"}.`,
    ...Object.entries(input.bumps).map(([name, level]) => `  ${name}: ${level}`),
    "",
    ...changeList(input.changes),
  ];
  const overridden = input.changes.filter((c) => c.override);
  if (overridden.length > 0) {
    lines.push("Where the SDK caller's view overrides the diff library:", "");
    for (const change of overridden) lines.push(`- ${escapeControls(change.text)}: ${change.override}`);
    lines.push("");
  }
  if (input.changesetPath) lines.push(`Wrote ${input.changesetPath}. Review it and the diff, then commit.`);
  return lines.join("\n");
}
