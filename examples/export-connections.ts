/**
 * The export demo with the SDK alone (`pnpm start` runs main.ts, which does this through the
 * `junction` CLI with a resumable file): starts the local Junction mock (seeded connections, every request and
 * response validated against openapi/junction.yaml by Prism), exports every connection of a
 * provider through the SDK, and prints a summary and the first rows with tokens masked.
 *
 *   pnpm exec tsx export-connections.ts
 */
import { type ConnectionRecipe, createJunctionClient, maskSecrets } from "@junction/client";
import { startMockServer } from "@junction/mock-server";

const provider = "fitbit";
const mock = await startMockServer({ connections: 5000, pageSize: 250 });
try {
  const client = createJunctionClient({ baseUrl: mock.url, apiKey: "demo-key" });
  console.log(`Local Junction mock on ${mock.url}; exporting every ${provider} connection.`);

  const started = performance.now();
  const first: ConnectionRecipe[] = [];
  let connections = 0;
  let pages = 0;
  const paginator = client.paginate("POST", "/v2/link/bulk_export", { body: { provider } });
  for await (const page of paginator.pages()) {
    pages++;
    connections += page.items.length;
    for (const connection of page.items) if (first.length < 3) first.push(connection);
    console.log(`  page ${pages}: ${page.items.length} connections (${connections} so far)`);
  }
  const seconds = (performance.now() - started) / 1000;

  console.log(`Exported ${connections} ${provider} connections in ${pages} pages, ${seconds.toFixed(2)} s.`);
  console.log("First rows (OAuth tokens masked):");
  for (const row of first) console.log(`  ${JSON.stringify(maskSecrets(row))}`);
} finally {
  await mock.close();
}
