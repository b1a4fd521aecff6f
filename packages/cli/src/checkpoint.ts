import { readFile, rename, rm } from "node:fs/promises";
import type { Format } from "./args.js";
import { UsageError } from "./exit-codes.js";
import { openRegularFile } from "./safe-open.js";

/** What must match between an export and the checkpoint it resumes from. */
export interface CheckpointIdentity {
  provider: string;
  /** Digest of the user ID filter (`"all"` when none), see `hashUserIds`. */
  userIds: string;
  format: Format;
  /** Server the tokens were issued by: a token is only valid there. */
  baseUrl: string;
}

/** The state of an unfinished export to a file, saved after each page is durably written. */
export interface Checkpoint extends CheckpointIdentity {
  version: 1;
  /** Token of the next page to fetch; `null` means the first page. */
  nextToken: string | null;
  /** Length in bytes of the output holding exactly the pages counted below; resume truncates to it. */
  bytes: number;
  /** Connections written so far. */
  connections: number;
  /** Pages written so far. */
  pages: number;
  /** ISO time of the save. */
  updatedAt: string;
}

/** Where the checkpoint of output file `out` lives: beside it. */
export const checkpointPathFor = (out: string): string => `${out}.checkpoint.json`;

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function isCheckpoint(value: unknown): value is Checkpoint {
  const c = value as Partial<Checkpoint> | null;
  return (
    typeof c === "object" &&
    c !== null &&
    c.version === 1 &&
    typeof c.provider === "string" &&
    typeof c.userIds === "string" &&
    typeof c.format === "string" &&
    typeof c.baseUrl === "string" &&
    (c.nextToken === null || typeof c.nextToken === "string") &&
    isCount(c.bytes) &&
    isCount(c.connections) &&
    isCount(c.pages)
  );
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
  if (!isCheckpoint(value)) {
    throw new UsageError(`${path} is not a checkpoint of this tool; start over with --force.`);
  }
  return value;
}

/** Says how `checkpoint` differs from what this run asks for, or `undefined` when it matches. */
export function checkpointMismatch(checkpoint: CheckpointIdentity, wanted: CheckpointIdentity): string | undefined {
  const differences: string[] = [];
  if (checkpoint.provider !== wanted.provider) {
    differences.push(`--provider ${checkpoint.provider} (now ${wanted.provider})`);
  }
  if (checkpoint.userIds !== wanted.userIds) differences.push("a different user ID list");
  if (checkpoint.format !== wanted.format) differences.push(`--format ${checkpoint.format} (now ${wanted.format})`);
  if (checkpoint.baseUrl !== wanted.baseUrl) differences.push(`server ${checkpoint.baseUrl} (now ${wanted.baseUrl})`);
  return differences.length === 0 ? undefined : differences.join(", ");
}

/**
 * Saves `checkpoint` atomically: a temporary file is written, fsynced and renamed over the old one, so a
 * reader sees the old or the new checkpoint, never a torn one. The directory is not fsynced: if a power loss
 * undoes the rename, the older checkpoint remains, and resuming from it is still exact because resume
 * truncates the output to the checkpoint's `bytes` and the output was fsynced first.
 */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
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

/** Removes a checkpoint (and a temporary file a killed run may have left); missing files are fine. */
export async function removeCheckpoint(path: string): Promise<void> {
  await rm(path, { force: true });
  await rm(`${path}.${process.pid}.tmp`, { force: true });
}
