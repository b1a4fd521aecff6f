/**
 * `junction call <operation>`: one request, its answer on stdout (JSON pretty-printed, credential fields
 * masked on a terminal) or, for a binary answer such as a PDF, in `--out` (never on a terminal).
 */
import { errorFromResult, type JunctionClient, maskSecrets } from "@junction/client";
import { apiKeyFrom, clientFor, describeFailure } from "./api.js";
import type { CallArgs } from "./args-operations.js";
import { ExitCode, UsageError } from "./exit-codes.js";
import { findOperation } from "./operation-lookup.js";
import { refuseExisting } from "./output.js";
import { buildRequest } from "./request-input.js";
import { openRegularFile } from "./safe-open.js";

/** The streams and environment of a call. */
export interface CallContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
}

/** `client.request` for an operation known at run time. */
type AnyRequest = (
  method: string,
  path: string,
  init: unknown,
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

function writeStream(stream: NodeJS.WritableStream, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (error) => (error ? reject(error) : resolve()));
  });
}

/** Writes `data` to `path` (mode 0600, never through a link). */
async function writeFileSafely(path: string, data: string | Uint8Array): Promise<void> {
  const file = await openRegularFile(path, "write", "--out");
  try {
    await file.chmod(0o600);
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Runs `junction call`. Resolves to the exit code; throws {@link UsageError} for bad input (nothing sent then). */
export async function callOperation(args: CallArgs, context: CallContext): Promise<number> {
  const operation = findOperation(args.operation);
  const { init } = await buildRequest(operation, args);
  const binary = operation.response === "binary";
  if (binary && args.out === undefined && context.stdout.isTTY) {
    throw new UsageError(
      `${operation.name} answers with a binary file, which is not printed on a terminal. ` +
        `Add --out <file> (e.g. --out ${operation.name.replace(/\W+/g, "-")}.pdf), or pipe it.`,
    );
  }
  if (args.out !== undefined) await refuseExisting(args.out, args.force);
  const apiKey = apiKeyFrom(args, context.env);
  const client: JunctionClient = clientFor(args, apiKey);
  const safe = (text: string) => maskSecrets(text, [apiKey]) as string;

  let result: Awaited<ReturnType<AnyRequest>>;
  try {
    result = await (client.request as unknown as AnyRequest)(operation.method.toLowerCase(), operation.path, init);
    if (result.error !== undefined || !result.response.ok) {
      throw errorFromResult(result, { method: operation.method, path: operation.path });
    }
  } catch (error) {
    context.stderr.write(safe(`Request failed: ${describeFailure(error)}\n`));
    return ExitCode.failed;
  }

  const { data } = result;
  let output: string | Uint8Array;
  if (data instanceof Blob) output = new Uint8Array(await data.arrayBuffer());
  else if (typeof data === "string") output = data;
  else if (data === undefined || data === null || result.response.status === 204) output = "";
  else {
    const mask = args.out === undefined && context.stdout.isTTY === true && !args.showSecrets;
    output = `${JSON.stringify(mask ? maskSecrets(data) : data, null, 2)}\n`;
  }
  try {
    if (args.out !== undefined) await writeFileSafely(args.out, output);
    else if (output.length > 0) await writeStream(context.stdout, output);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    context.stderr.write(`Writing the answer failed (${code}).\n`);
    return ExitCode.failed;
  }
  return ExitCode.ok;
}
