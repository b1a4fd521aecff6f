export * from "./generated/runtime.js";
export type * from "./generated/schema.js";
