import postgres from "postgres";

/**
 * A throwaway PostgreSQL database next to DATABASE_URL's, so a benchmark's figures never depend
 * on what a shared database holds. `drop()` removes it.
 */
export async function scratchDatabaseUrl(
  prefix = "awas_bench",
): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL as string;
  const name = `${prefix}_${process.pid}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name}`);
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
