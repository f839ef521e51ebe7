import { defineConfig } from "drizzle-kit";

// Generation only needs the schema; it never connects to a database.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/storage/schema/index.ts",
  out: "./migrations",
});
