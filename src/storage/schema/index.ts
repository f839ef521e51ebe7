export * from "./contacts";
export * from "./conversations";
export * from "./messages";
export * from "./staff";
