/**
 * `junction export-connections`: the bulk export of one provider's connections, a shorthand for
 * `junction export link.bulk_export --body '{"provider":...}'` with user ID filters checked locally.
 */
import type { paginated } from "@junction/openapi-types";
import type { ExportConnectionsArgs } from "./args.js";
import { connectionInputs } from "./checkpoint.js";
import { type ExportContext, runExport } from "./export.js";
import { allOperations, type Operation } from "./operation-lookup.js";
import { hashUserIds, userIdsFromFile, userIdsFromList } from "./user-ids.js";

export type { ExportContext } from "./export.js";

/**
 * Advice from Junction's bulk export documentation. The vendored operation has no description to generate
 * it from, so it is a constant here.
 */
export const pauseAdvice =
  "Tip: pause the connections before bulk exporting them. Pausing stops Junction systems from refreshing " +
  "the connections, ensuring the exported data is the most up-to-date. (--no-warn or -q hides this.)";

/** The route of the bulk export, checked against the generated paging table when this module loads. */
const route = "post /v2/link/bulk_export" satisfies keyof typeof paginated;

function bulkExport(): Operation {
  const found = allOperations().find((op) => `${op.method.toLowerCase()} ${op.path}` === route);
  if (!found) throw new Error(`The spec has no ${route}: regenerate @junction/openapi-types.`);
  return found;
}

/**
 * Runs `junction export-connections`: checks the inputs, pages through the bulk export and writes each page
 * (to a file: durably, then checkpointed). Resolves to the exit code; throws `UsageError` for bad input.
 */
export async function exportConnections(args: ExportConnectionsArgs, context: ExportContext): Promise<number> {
  const userIds =
    args.userIdsList !== undefined
      ? userIdsFromList(args.userIdsList)
      : args.userIdsFile !== undefined
        ? await userIdsFromFile(args.userIdsFile)
        : undefined;
  const body = { provider: args.provider, ...(userIds ? { user_ids: userIds } : {}) };
  return runExport(
    {
      operation: bulkExport(),
      init: { params: {}, body },
      inputs: connectionInputs(args.provider, hashUserIds(userIds)),
      noun: "connection",
      subject: `${args.provider} connections`,
      advice: args.warn ? pauseAdvice : undefined,
    },
    args,
    context,
  );
}
