export { canonicalJson, markersIn, specHash, specMarker } from "./canonical.ts";
export { CLIENT_PACKAGE, packageBumps, renderChangeset, renderSummary, TYPES_PACKAGE } from "./changeset.ts";
export { CHANGELOG_PATH, type CheckResult, checkSpecRecorded } from "./check.ts";
export { type Bump, compareSpecs, highestBump, type SpecChange } from "./classify.ts";
export { generateAll, openapiTypesScripts } from "./generator.ts";
export { parseSpecText, readSource, stringifySpec } from "./spec-io.ts";
export { SPEC_PATH, SpecUpdateError, type UpdateOptions, type UpdateResult, updateSpec } from "./update.ts";
export { formatProblems, type SpecProblem, validateSpec } from "./validate.ts";
