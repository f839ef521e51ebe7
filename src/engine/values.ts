import type { JsonValue } from "./types";

/** A run variable read as text: the string, or "" for anything else. */
export const textOf = (value: JsonValue | undefined): string =>
  typeof value === "string" ? value : "";

/** A run variable read as an object, or undefined. */
export const recordOf = (value: JsonValue | undefined): { [key: string]: JsonValue } | undefined =>
  value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
