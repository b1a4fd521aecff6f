import { readdir, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Format } from "./args.js";
import { UsageError } from "./exit-codes.js";
import { openRegularFile } from "./safe-open.js";

/** What must match between an export and the checkpoint it resumes from. */
export interface CheckpointIdentity {
  /** Short name of the operation exported (`link.bulk_export`, `user.get_all`). */
  operation: string;
  /**
   * What the request asked for, by the label a mismatch is reported with: a flag and its value
   * (`--provider`: `oura`), or a digest (`request (--param, --body)`: `sha256:...`) of what should not be
   * written down in clear.
   */
  inputs: Record<string, string>;
  format: Format;
  /** Server the positions were issued by: a token is only valid there. */
  baseUrl: string;
}

/** The state of an unfinished export to a file, saved after each page is durably written. */
export interface Checkpoint extends CheckpointIdentity {
  version: 2;
  /** Position of the next page to fetch (a token, cursor, page number or offset); `null` means the first page. */
  nextToken: string | null;
  /** Length in bytes of the output holding exactly the pages counted below; resume truncates to it. */
  bytes: number;
  /** Items written so far. */
  items: number;
  /** Pages written so far. */
  pages: number;
  /** ISO time of the save. */
  updatedAt: string;
}

/** Where the checkpoint of output file `out` lives: beside it. */
export const checkpointPathFor = (out: string): string => `${out}.checkpoint.json`;

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isStrings = (value: unknown): value is Record<string, string> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value).every((v) => typeof v === "string");

/** The inputs `export-connections` records (and version 1 checkpoints held as fields of their own). */
export const connectionInputs = (provider: string, userIds: string) => ({
  "--provider": provider,
  "user ID list": userIds,
});

/** A checkpoint of any version this tool wrote, as the current version; `undefined` when it is not one. */
function upgrade(value: unknown): Checkpoint | undefined {
  const c = value as Record<string, unknown> | null;
  if (typeof c !== "object" || c === null) return undefined;
  // Version 1 was written by export-connections alone.
  const v =
    c.version === 1 && typeof c.provider === "string" && typeof c.userIds === "string"
      ? {
          ...c,
          version: 2,
          operation: "link.bulk_export",
          inputs: connectionInputs(c.provider, c.userIds),
          items: c.connections,
        }
      : c;
  const ok =
    v.version === 2 &&
    typeof v.operation === "string" &&
    isStrings(v.inputs) &&
    typeof v.format === "string" &&
    typeof v.baseUrl === "string" &&
    (v.nextToken === null || typeof v.nextToken === "string") &&
    isCount(v.bytes) &&
    isCount(v.items) &&
    isCount(v.pages);
  if (!ok) return undefined;
  const { provider: _p, userIds: _u, connections: _c, ...current } = v;
  return current as unknown as Checkpoint;
}

/** Reads a checkpoint; `undefined` when there is none. Throws {@link UsageError} when it is unreadable or not one. */
export async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new UsageError(`Cannot read the checkpoint ${path} (${(error as NodeJS.ErrnoException).code}).`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {}
  const checkpoint = upgrade(value);
  if (!checkpoint) throw new UsageError(`${path} is not a checkpoint of this tool; start over with --force.`);
  return checkpoint;
}

const isDigest = (value: string | undefined) => value?.startsWith("sha256:") === true;

/** Says how `checkpoint` differs from what this run asks for, or `undefined` when it matches. */
export function checkpointMismatch(checkpoint: CheckpointIdentity, wanted: CheckpointIdentity): string | undefined {
  const differences: string[] = [];
  if (checkpoint.operation !== wanted.operation) {
    differences.push(`operation ${checkpoint.operation} (now ${wanted.operation})`);
  } else {
    const labels = new Set([...Object.keys(checkpoint.inputs), ...Object.keys(wanted.inputs)]);
    for (const label of labels) {
      const [was, now] = [checkpoint.inputs[label], wanted.inputs[label]];
      if (was === now) continue;
      differences.push(isDigest(was) || isDigest(now) ? `a different ${label}` : `${label} ${was} (now ${now})`);
    }
  }
  if (checkpoint.format !== wanted.format) differences.push(`--format ${checkpoint.format} (now ${wanted.format})`);
  if (checkpoint.baseUrl !== wanted.baseUrl) differences.push(`server ${checkpoint.baseUrl} (now ${wanted.baseUrl})`);
  return differences.length === 0 ? undefined : differences.join(", ");
}

/** The temporary file this process writes a checkpoint through. */
const temporaryOf = (path: string) => `${path}.${process.pid}.tmp`;

/**
 * Saves `checkpoint` atomically: a temporary file is written, fsynced and renamed over the old one, so a
 * reader sees the old or the new checkpoint, never a torn one. The directory is not fsynced: if a power loss
 * undoes the rename, the older checkpoint remains, and resuming from it is still exact because resume
 * truncates the output to the checkpoint's `bytes` and the output was fsynced first.
 */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const temporary = temporaryOf(path);
  await rm(temporary, { force: true });
  const file = await openRegularFile(temporary, "write", "the checkpoint file");
  try {
    await file.writeFile(`${JSON.stringify(checkpoint, null, 2)}\n`);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

/**
 * Removes the temporary files (`<checkpoint>.<pid>.tmp`) that runs killed during a checkpoint write left
 * beside `path`. Only safe under the output's lock: no other run writes them then.
 */
export async function removeStaleTemporaries(path: string): Promise<void> {
  const prefix = `${basename(path)}.`;
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix) && /^\d+\.tmp$/.test(name.slice(prefix.length)))
      .map((name) => rm(join(dirname(path), name), { force: true })),
  );
}

/** Removes a checkpoint (and this process's temporary file); missing files are fine. */
export async function removeCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(temporaryOf(path), { force: true });
}
