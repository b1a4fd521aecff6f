import { open, readFile, rm } from "node:fs/promises";
import { UsageError } from "./exit-codes.js";

/** Where the lock of output file `out` lives: beside it. */
export const lockPathFor = (out: string): string => `${out}.lock`;

/** Whether a process with this id exists (EPERM: it does, under another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock of output file `out`: two exports writing one file would each truncate what the other
 * wrote. The lock is a file created exclusively beside `out`, holding this process's id. A lock whose
 * process is gone (a killed export) is taken over. Resolves to the function that releases it.
 * Throws {@link UsageError} when another running export holds it.
 */
export async function lockOutput(out: string): Promise<() => Promise<void>> {
  const path = lockPathFor(out);
  for (let attempt = 0; ; attempt++) {
    try {
      const file = await open(path, "wx", 0o600);
      try {
        await file.writeFile(`${process.pid}\n`);
      } finally {
        await file.close();
      }
      return () => rm(path, { force: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        // The lock lives beside the output: failing to create it is failing to write there.
        throw new UsageError(
          `Cannot write --out ${JSON.stringify(out)} (${code}): check the directory and permissions.`,
        );
      }
    }
    const pid = Number.parseInt(await readFile(path, "utf8").catch(() => ""), 10);
    if (attempt === 0 && !(pid > 0 && isRunning(pid))) {
      await rm(path, { force: true });
      continue;
    }
    throw new UsageError(
      `Another export${pid > 0 ? ` (process ${pid})` : ""} is writing ${out}. Wait for it to finish; ` +
        `if no export is running, remove ${path}.`,
    );
  }
}
