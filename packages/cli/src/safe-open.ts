/**
 * Opening the files an export writes without following symbolic links: a link planted at `--out`
 * (or at its checkpoint) could otherwise make the export overwrite, and chmod, a file elsewhere.
 */
import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { UsageError } from "./exit-codes.js";

const { O_CREAT, O_RDWR, O_TRUNC, O_WRONLY } = constants;
// Not every platform has O_NOFOLLOW; where it is missing, the lstat-based checks still refuse links.
const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** How a file is opened: `"write"` creates or truncates, `"update"` opens an existing file to change it. */
export type OpenMode = "write" | "update";

const flags: Record<OpenMode, number> = {
  write: O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW,
  update: O_RDWR | O_NOFOLLOW,
};

/**
 * Opens `path` as a regular file, never through a symbolic link. Throws {@link UsageError} naming the
 * option (`what`, e.g. `--out`) for a link or a file that is not a regular one (a device, a pipe); other
 * failures (ENOENT, EACCES) are passed on for the caller to word.
 */
export async function openRegularFile(path: string, mode: OpenMode, what: string): Promise<FileHandle> {
  let file: FileHandle;
  try {
    file = await open(path, flags[mode], 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOOP") {
      throw new UsageError(
        `${what} ${JSON.stringify(path)} is a symbolic link; an export does not follow links, as one could ` +
          "overwrite another file. Give the real path.",
      );
    }
    throw error;
  }
  if (!(await file.stat()).isFile()) {
    await file.close();
    throw notRegularFile(what, path);
  }
  return file;
}

/** The refusal of a `path` that is not a regular file (a device such as /dev/stdout, a pipe, a directory). */
export function notRegularFile(what: string, path: string): UsageError {
  return new UsageError(
    `${what} ${JSON.stringify(path)} is not a regular file (a device, a pipe or a directory); an export needs a ` +
      "file it can checkpoint and resume. To write to stdout, leave out --out.",
  );
}
