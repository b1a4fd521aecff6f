/** A throwaway copy of the repository layout that spec:update writes to, so tests never touch the real one. */
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { generateAll } from "../../src/generator.ts";
import { parseSpecText } from "../../src/spec-io.ts";

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
export const fixtures = join(dirname(fileURLToPath(import.meta.url)), "../fixtures");

export interface TempRepo {
  root: string;
  /** Every file under the root with its contents, for before/after comparisons. */
  snapshot(): Promise<Record<string, string>>;
  remove(): Promise<void>;
}

/** `openapi/junction.yaml` = `specText`, its generated files, `.changeset/` and `redocly.yaml` as in the repo. */
export async function makeTempRepo(specText: string): Promise<TempRepo> {
  const root = await mkdtemp(join(tmpdir(), "spec-tools-repo-"));
  await mkdir(join(root, "openapi"));
  await writeFile(join(root, "openapi/junction.yaml"), specText);
  await mkdir(join(root, ".changeset"));
  await cp(join(repoRoot, ".changeset/config.json"), join(root, ".changeset/config.json"));
  await cp(join(repoRoot, "redocly.yaml"), join(root, "redocly.yaml"));
  for (const file of await generateAll(parseSpecText(specText, "spec"))) {
    await mkdir(dirname(join(root, file.path)), { recursive: true });
    await writeFile(join(root, file.path), file.contents);
  }
  const snapshot = async () => {
    const files: Record<string, string> = {};
    const walk = async (dir: string) => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else files[relative(root, path)] = await readFile(path, "utf8");
      }
    };
    await walk(root);
    return files;
  };
  return { root, snapshot, remove: () => rm(root, { recursive: true, force: true }) };
}
