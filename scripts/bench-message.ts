/**
 * What one inbound web chat message costs: the SQL statements the conductor sends (all in one
 * transaction) and the time per message, on the embedded database and, with DATABASE_URL,
 * on PostgreSQL. Prints figures; asserts nothing.
 */

import { createAppEngine, createAppEventHandlers } from "../src/app-engine";
import { createConductor } from "../src/conversations/conductor";
import { resources } from "../src/i18n/resources";
import { createTranslator } from "../src/i18n/translator";
import { createLogger } from "../src/logger";
import { generateDataKey, parseDataKey } from "../src/privacy/keyring";
import { createRegionResolver } from "../src/regions/resolver";
import { loadRegions, seedRegions } from "../src/regions/seed";
import { openDatabase } from "../src/storage/database";
import { scratchDatabaseUrl } from "./support/scratch-database";

const messages = 300;

async function measure(kind: "pglite" | "postgres") {
  const scratch = kind === "postgres" ? await scratchDatabaseUrl() : undefined;
  let counting = false;
  let statements: string[] = [];
  const database = await openDatabase(
    kind === "postgres"
      ? { kind: "postgres", url: scratch?.url as string }
      : { kind: "pglite-memory" },
    {
      purpose: "benchmark",
      onQuery: (query) => {
        if (counting) statements.push(query.split(/\s+/).slice(0, 3).join(" "));
      },
    },
  );
  await database.migrate();
  await seedRegions(database.db, { provinceCodes: ["19", "15"] });
  const translator = createTranslator(resources);
  const keyring = parseDataKey(generateDataKey());
  const conductor = createConductor({
    database,
    keyring,
    engine: createAppEngine({
      translator,
      regions: createRegionResolver(await loadRegions(database.db)),
      idleMs: 24 * 3600_000,
      ticketPrefix: "LPR",
      dataController: undefined,
      draftRetentionDays: 30,
      knowledgeTexts: { id: resources.id.knowledge ?? {}, en: resources.en.knowledge ?? {} },
    }),
    eventHandlers: createAppEventHandlers({
      keyring,
      ticketPrefix: "LPR",
      evidenceMaxBytes: 50 * 1024 * 1024,
    }),
    translator,
    log: createLogger({ level: "silent" }),
    clock: () => new Date(),
    rateLimitPerMinute: 1_000_000,
  });
  const address = `bench-${Date.now()}-conversation`;
  const message = (i: number, text: string) => ({
    channel: "webchat" as const,
    address,
    externalId: `bench-${Date.now()}-${i}`,
    receivedAt: new Date(),
    text,
  });
  await conductor.receive(message(-1, "menu"));

  counting = true;
  statements = [];
  await conductor.receive(message(0, "1"));
  const perMessage = statements.slice();
  counting = false;

  const started = performance.now();
  for (let i = 1; i <= messages; i++) await conductor.receive(message(i, i % 2 ? "1" : "menu"));
  const ms = (performance.now() - started) / messages;

  // The heaviest message: "Kirim" at the end of a report (report row, evidence, scrypt PIN).
  const answers = ["lapor", "1", "desa Lalang, Manggar", "tadi pagi", "1"];
  answers.push("Ada pembagian amplop di rumah warga.", "tidak tahu", "tidak ada", "selesai", "1");
  for (const [i, text] of answers.entries()) await conductor.receive(message(10_000 + i, text));
  counting = true;
  statements = [];
  const submitStarted = performance.now();
  await conductor.receive(message(20_000, "Kirim"));
  const submitMs = performance.now() - submitStarted;
  const submitStatements = statements.length;
  counting = false;
  await database.close();
  await scratch?.drop();
  console.log(`${kind}: ${perMessage.length} statements per inbound message (one transaction)`);
  console.log(`  ${perMessage.join("\n  ")}`);
  console.log(`${kind}: ${ms.toFixed(1)} ms per message, sequential, ${messages} messages`);
  console.log(
    `${kind}: submitting a report: ${submitStatements} statements, ${submitMs.toFixed(0)} ms (scrypt PIN hash included)`,
  );
}

await measure("pglite");
if (process.env.DATABASE_URL) await measure("postgres");
