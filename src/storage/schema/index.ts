export * from "./contacts";
export * from "./conversations";
export * from "./knowledge";
export * from "./messages";
export * from "./questions";
export * from "./regions";
export * from "./reports";
export * from "./staff";
