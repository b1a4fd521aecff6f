/**
 * A full export with a checkpoint file, written with the SDK alone (the `junction export-connections`
 * command does the same with progress and more checks). After each page the lines are appended and
 * fsynced, then `{ nextToken, bytes }` is saved atomically; a second run truncates the output to
 * `bytes` (dropping a half-written line) and continues from `nextToken`: no duplicate, no gap.
 *
 *   pnpm exec tsx export-with-resume.ts --environment sandbox --provider oura --out oura.ndjson
 */
import { open, readFile, rename, rm } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createJunctionClient, type Environment, type OAuthProviders } from "@junction/client";

/** Options of {@link main}. */
export interface ExportWithResumeOptions {
  /** NDJSON output file; its checkpoint is `<out>.checkpoint.json`. */
  out: string;
  /** Default `"oura"`. */
  provider?: string;
  baseUrl?: string;
  environment?: Environment;
  /** Default: `JUNCTION_API_KEY`. */
  apiKey?: string;
  /** Stop after this many pages, as if interrupted (the checkpoint stays). Default: no limit. */
  maxPages?: number;
  /** Where lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** Saved after every page but the last. */
interface Checkpoint {
  nextToken: string;
  bytes: number;
  connections: number;
}

/** What one run did. */
export interface ExportWithResumeResult {
  /** Connections in the file, earlier runs included. */
  connections: number;
  /** Whether the export reached the last page (the checkpoint is then removed). */
  complete: boolean;
  /** Whether this run continued from a checkpoint. */
  resumed: boolean;
}

async function readCheckpoint(path: string): Promise<Checkpoint | undefined> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as Checkpoint;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const temporary = `${path}.tmp`;
  const file = await open(temporary, "w", 0o600);
  try {
    await file.writeFile(JSON.stringify(checkpoint));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

/** Exports every connection of a provider into `out`, continuing from its checkpoint when there is one. */
export async function main(options: ExportWithResumeOptions): Promise<ExportWithResumeResult> {
  const { out, provider = "oura", log = console.log } = options;
  const checkpointPath = `${out}.checkpoint.json`;
  const junction = createJunctionClient({
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    environment: options.environment,
  });

  const saved = await readCheckpoint(checkpointPath);
  // Live OAuth tokens: only the owner may read the file.
  const file = await open(out, saved ? "r+" : "w", 0o600);
  let bytes = saved?.bytes ?? 0;
  let connections = saved?.connections ?? 0;
  let complete = false;
  try {
    await file.truncate(bytes);
    if (saved) log(`Resuming after ${connections} connections.`);
    const paginator = junction.paginate(
      "POST",
      "/v2/link/bulk_export",
      { body: { provider: provider as OAuthProviders } },
      { startToken: saved?.nextToken, maxPages: options.maxPages },
    );
    for await (const page of paginator.pages()) {
      const data = Buffer.from(page.items.map((item) => `${JSON.stringify(item)}\n`).join(""));
      await file.write(data, 0, data.length, bytes);
      await file.sync(); // the lines are on disk before the checkpoint points past them
      bytes += data.length;
      connections += page.items.length;
      if (page.nextToken === null) complete = true;
      else await saveCheckpoint(checkpointPath, { nextToken: page.nextToken, bytes, connections });
    }
  } finally {
    await file.close();
  }
  if (complete) await rm(checkpointPath, { force: true });
  log(
    complete
      ? `Done: ${connections} connections in ${out}.`
      : `Stopped at ${connections} connections; run again to resume.`,
  );
  return { connections, complete, resumed: saved !== undefined };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      out: { type: "string" },
      provider: { type: "string" },
      environment: { type: "string" },
      "base-url": { type: "string" },
    },
  });
  await main({
    out: values.out ?? "connections.ndjson",
    provider: values.provider,
    environment: values.environment as Environment | undefined,
    baseUrl: values["base-url"],
  });
}
