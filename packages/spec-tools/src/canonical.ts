/**
 * The spec's identity: a SHA-256 of its canonical JSON (keys sorted, no whitespace), so the same
 * document hashes alike whether it arrived as YAML or JSON, and whatever its formatting.
 */
import { createHash } from "node:crypto";

/** JSON with every object's keys sorted, recursively, and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Hex SHA-256 of {@link canonicalJson} of a parsed spec. */
export function specHash(doc: unknown): string {
  return createHash("sha256").update(canonicalJson(doc)).digest("hex");
}

/** The line a changeset carries to record which spec it was written for. */
export function specMarker(hash: string): string {
  return `<!-- junction-spec sha256:${hash} -->`;
}

/** Every spec hash recorded by a marker line in `text` (changesets indent it inside changelogs). */
export function markersIn(text: string): string[] {
  return [...text.matchAll(/<!--\s*junction-spec\s+sha256:([0-9a-f]{64})\s*-->/g)].map((m) => m[1] as string);
}
