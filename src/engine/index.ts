export * from "./language";
export * from "./runtime";
export * from "./text";
export * from "./types";
export * from "./validate";
