/** The generated files of the repository for a spec, as `pnpm gen` writes them. */
import { generate, type Json } from "@junction/codegen";

/** One generated file: its path relative to the repository root and its contents. */
export interface GeneratedFile {
  path: string;
  contents: string;
}

/** Where `pnpm gen` of @junction/openapi-types writes, relative to the repository root. */
export const openapiTypesOutDir = "packages/openapi-types/src/generated";

/** Every generated file of the repository for `doc`, as `pnpm gen` would write them. */
export async function generateAll(doc: Json): Promise<GeneratedFile[]> {
  const files = await generate(doc, "openapi/junction.yaml");
  return Object.entries(files).map(([name, contents]) => ({ path: `${openapiTypesOutDir}/${name}`, contents }));
}
