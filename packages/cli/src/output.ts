import { type FileHandle, lstat, stat } from "node:fs/promises";
import { maskSecrets } from "@junction/client";
import type { Format } from "./args.js";
import {
  type Checkpoint,
  type CheckpointIdentity,
  checkpointMismatch,
  checkpointPathFor,
  readCheckpoint,
  removeCheckpoint,
  removeStaleTemporaries,
  writeCheckpoint,
} from "./checkpoint.js";
import { UsageError } from "./exit-codes.js";
import { lockOutput } from "./lock.js";
import { notRegularFile, openRegularFile } from "./safe-open.js";

/** Where the exported items go: a file with a checkpoint, or stdout. */
export interface Output {
  /** Items and pages written, an earlier run's included when resuming. */
  readonly pages: number;
  readonly items: number;
  /** Whether this run continues an earlier one. */
  readonly resumed: boolean;
  /** Counts at the start of this run (non-zero when resuming). */
  readonly initial: { pages: number; items: number };
  /** The token to start from: the checkpoint's when resuming, else `null` (the first page). */
  readonly startToken: string | null;
  /** Writes one page completely; for a file, durably and then checkpointed, so it is resumable after it. */
  writePage(items: readonly unknown[], nextToken: string | null): Promise<void>;
  /** Ends the output (closes the JSON array); removes the checkpoint when `complete`, else keeps it for --resume. */
  finish(complete: boolean): Promise<void>;
  /** Gives up after an error or interruption: drops any partial page and keeps the checkpoint. */
  abandon(): Promise<void>;
}

/** Serializes one page: NDJSON lines, or array elements that continue what `written` items began. */
export function serializePage(items: readonly unknown[], format: Format, written: number, mask: boolean): string {
  let text = "";
  for (let i = 0; i < items.length; i++) {
    const json = JSON.stringify(mask ? maskSecrets(items[i]) : items[i]);
    if (format === "ndjson") text += `${json}\n`;
    else text += `${written + i === 0 ? "\n" : ",\n"}${json}`;
  }
  return text;
}

const header = (format: Format) => (format === "json" ? "[" : "");
const trailer = (format: Format, items: number) => (format === "json" ? (items > 0 ? "\n]\n" : "]\n") : "");

async function writeAll(file: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await file.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}

/** Options of {@link openFileOutput}. */
export interface FileOutputOptions {
  path: string;
  /** What the export is; must match the checkpoint when resuming. */
  identity: CheckpointIdentity;
  /** Continue from the checkpoint beside `path`. Default `false`. */
  resume?: boolean;
  /** Overwrite an existing file (dropping its checkpoint). Default `false`. */
  force?: boolean;
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Refuses a `--out` that is not a regular file (a device such as /dev/stdout, a pipe), and one that exists
 * unless `force`. For a command that writes a file once (`call`); an export checks its own way.
 */
export async function refuseExisting(path: string, force: boolean): Promise<void> {
  const target = await stat(path).catch(() => undefined);
  if (target && !target.isFile()) throw notRegularFile("--out", path);
  if (!force && (await exists(path))) {
    throw new UsageError(`${path} already exists: choose another --out, or add --force to overwrite it.`);
  }
}

function openError(path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new UsageError(`Cannot write --out ${JSON.stringify(path)} (${code}): check the directory and permissions.`);
}

/**
 * Opens the output file, holding its lock (see lock.ts) until the output is finished or abandoned. New files
 * are created with mode 0600 (an export may hold live OAuth tokens) and an existing
 * one is chmod-ed to 0600. Resuming truncates the file to the length the checkpoint recorded, which drops
 * any half-written tail a killed run left. Throws {@link UsageError} when the file exists and neither
 * `resume` nor `force` is set, or when there is no matching checkpoint to resume from.
 */
export async function openFileOutput(options: FileOutputOptions): Promise<Output> {
  // Before the lock, which would otherwise be created beside a device (as root: /dev/stdout.lock).
  const target = await stat(options.path).catch(() => undefined);
  if (target && !target.isFile()) throw notRegularFile("--out", options.path);
  const unlock = await lockOutput(options.path);
  try {
    return await openLocked(options, unlock);
  } catch (error) {
    await unlock();
    throw error;
  }
}

async function openLocked(options: FileOutputOptions, unlock: () => Promise<void>): Promise<Output> {
  const { path, identity } = options;
  const checkpointPath = checkpointPathFor(path);
  let file: FileHandle;
  let state: Checkpoint;
  // A run killed while it wrote the checkpoint left its temporary file; under the lock none is being written.
  await removeStaleTemporaries(checkpointPath);

  if (options.resume) {
    const saved = await readCheckpoint(checkpointPath);
    if (!saved) {
      throw new UsageError(
        `Nothing to resume: there is no checkpoint ${checkpointPath} (a finished export removes it). ` +
          "Run without --resume to start a new export.",
      );
    }
    const mismatch = checkpointMismatch(saved, identity);
    if (mismatch) {
      throw new UsageError(
        `The checkpoint ${checkpointPath} belongs to another export (${mismatch}). Resume with the same ` +
          "arguments, or start over with --force.",
      );
    }
    try {
      file = await openRegularFile(path, "update", "--out");
    } catch (error) {
      if (error instanceof UsageError) throw error;
      if ((error as NodeJS.ErrnoException).code === "ENOENT") {
        throw new UsageError(`Cannot resume: ${path} is gone but its checkpoint remains. Start over with --force.`);
      }
      throw openError(path, error);
    }
    const { size } = await file.stat();
    if (size < saved.bytes) {
      await file.close();
      throw new UsageError(
        `Cannot resume: ${path} is shorter (${size} bytes) than its checkpoint records (${saved.bytes}); ` +
          "it was changed since. Start over with --force.",
      );
    }
    await file.chmod(0o600);
    await file.truncate(saved.bytes);
    state = saved;
  } else {
    if (!options.force && (await exists(path))) {
      const unfinished = await exists(checkpointPath);
      throw new UsageError(
        unfinished
          ? `${path} holds an unfinished export: add --resume to continue it, or --force to start over.`
          : `${path} already exists: choose another --out, or add --force to overwrite it.`,
      );
    }
    await removeCheckpoint(checkpointPath);
    try {
      file = await openRegularFile(path, "write", "--out");
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw openError(path, error);
    }
    await file.chmod(0o600);
    const start = Buffer.from(header(identity.format));
    await writeAll(file, start, 0);
    state = {
      version: 2,
      ...identity,
      nextToken: null,
      bytes: start.length,
      items: 0,
      pages: 0,
      updatedAt: new Date().toISOString(),
    };
    await file.sync();
    await writeCheckpoint(checkpointPath, state);
  }

  const initial = { pages: state.pages, items: state.items };
  let position = state.bytes;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    try {
      await file.close();
    } finally {
      await unlock();
    }
  };

  return {
    get pages() {
      return state.pages;
    },
    get items() {
      return state.items;
    },
    resumed: options.resume === true,
    initial,
    startToken: state.nextToken,
    async writePage(items, nextToken) {
      const data = Buffer.from(serializePage(items, identity.format, state.items, false));
      await writeAll(file, data, position);
      // The page must be on disk before a checkpoint points past it.
      await file.sync();
      position += data.length;
      state = {
        ...state,
        nextToken,
        bytes: position,
        items: state.items + items.length,
        pages: state.pages + 1,
        updatedAt: new Date().toISOString(),
      };
      // After the last page there is nothing to resume; finish() removes the checkpoint.
      if (nextToken !== null) await writeCheckpoint(checkpointPath, state);
    },
    async finish(complete) {
      // The trailer goes after `bytes`, so a resume after an early stop truncates it away.
      await writeAll(file, Buffer.from(trailer(identity.format, state.items)), position);
      await file.sync();
      await close();
      if (complete) await removeCheckpoint(checkpointPath);
    },
    async abandon() {
      if (closed) return;
      try {
        await file.truncate(position);
      } finally {
        await close();
      }
    },
  };
}

/** A stream like `process.stdout`. */
export interface WritableLike {
  write(chunk: string): boolean;
  once(event: "drain", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
}

/** Output to a stream such as stdout (no checkpoint, so no resume), masking secret fields when `mask` is set. */
export function createStreamOutput(stream: WritableLike, format: Format, mask: boolean): Output {
  let pages = 0;
  let written = 0;
  let failure: Error | undefined;
  let waiting: { resolve(): void; reject(error: Error): void } | undefined;
  // EPIPE (the reader went away, e.g. `| head`) arrives as an event; it fails the next write.
  stream.on("error", (error) => {
    failure = error;
    waiting?.reject(error);
  });
  const write = async (text: string) => {
    if (failure) throw failure;
    if (text === "" || stream.write(text)) return;
    await new Promise<void>((resolve, reject) => {
      waiting = { resolve, reject };
      stream.once("drain", resolve);
    });
    waiting = undefined;
  };
  const start = write(header(format));
  return {
    get pages() {
      return pages;
    },
    get items() {
      return written;
    },
    resumed: false,
    initial: { pages: 0, items: 0 },
    startToken: null,
    async writePage(items) {
      await start;
      await write(serializePage(items, format, written, mask));
      pages++;
      written += items.length;
    },
    async finish() {
      await start;
      await write(trailer(format, written));
    },
    async abandon() {},
  };
}
