/** `pnpm spec:check`: the vendored spec must be the one some changeset (or the changelog) was written for. */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { markersIn, specHash } from "./canonical.ts";
import { parseSpecText } from "./spec-io.ts";
import { SPEC_PATH } from "./update.ts";

/** Where `changeset version` moves the changesets' text. */
export const CHANGELOG_PATH = "packages/openapi-types/CHANGELOG.md";

export interface CheckResult {
  ok: boolean;
  hash: string;
  /** Files whose markers were read, relative to the root. */
  searched: string[];
  message: string;
}

/** Looks for the vendored spec's hash in `.changeset/*.md` and the openapi-types changelog. */
export async function checkSpecRecorded(root: string): Promise<CheckResult> {
  const hash = specHash(parseSpecText(await readFile(join(root, SPEC_PATH), "utf8"), SPEC_PATH));
  const changesets = (await readdir(join(root, ".changeset")).catch(() => [] as string[]))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `.changeset/${name}`);
  const searched: string[] = [];
  for (const path of [...changesets, CHANGELOG_PATH]) {
    const text = await readFile(join(root, path), "utf8").catch(() => null);
    if (text === null) continue;
    searched.push(path);
    if (markersIn(text).includes(hash)) {
      return {
        ok: true,
        hash,
        searched,
        message: `${SPEC_PATH} (sha256:${hash.slice(0, 12)}…) is recorded in ${path}.`,
      };
    }
  }
  return {
    ok: false,
    hash,
    searched,
    message:
      `${SPEC_PATH} (sha256:${hash}) is not recorded by any changeset: no "<!-- junction-spec sha256:... -->" marker ` +
      `for it in .changeset/*.md or ${CHANGELOG_PATH}.\n` +
      "The spec was changed without `pnpm spec:update`. Put the previous spec back " +
      `(git checkout -- ${SPEC_PATH}) and run \`pnpm spec:update <new spec file or URL>\`: it vendors the spec, ` +
      "regenerates the types and writes the changeset that records it.",
  };
}
