import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConductor } from "../../src/conversations/conductor";
import type { AppDatabase } from "../../src/storage/database";
import {
  abandonedDrafts,
  contacts,
  conversationSessions,
  inboundMessages,
  media,
  outbox,
} from "../../src/storage/schema";
import {
  createTestConductor,
  fixedClock,
  silentLog,
  testKeyring,
  translator,
  webchatMessage,
} from "../support/conductor-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

let database: AppDatabase;
let counter = 0;
/** A fresh conversation address per test, so tests share one database without interfering. */
const newAddress = () => `conversation-${process.pid}-${++counter}-xxxxxxxx`;

async function rowsFor(table: typeof inboundMessages | typeof outbox, contactId: string) {
  const [row] = await database.db
    .select({ n: count() })
    .from(table)
    .where(eq(table.contactId, contactId));
  return row?.n ?? 0;
}

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe(`conductor on ${testDatabaseKind}`, () => {
  it("greets a new conversation and stores the session, inbound and outbox together", async () => {
    const { conductor } = await createTestConductor(database);
    const result = await conductor.receive(webchatMessage(newAddress(), "halo"));
    expect(result.outcome).toBe("handled");
    expect(result.replies.map((r) => r.text)[0]).toContain("Awas");
    expect(await rowsFor(inboundMessages, result.contactId)).toBe(1);
    expect(await rowsFor(outbox, result.contactId)).toBe(result.replies.length);
    const [session] = await database.db
      .select()
      .from(conversationSessions)
      .where(eq(conversationSessions.contactId, result.contactId));
    expect(session?.waiting).toBe("menu/choose");
  });

  it("keeps one person and their conversation when their address changes to a new one (a WhatsApp LID, then their number)", async () => {
    const { conductor } = await createTestConductor(database);
    const lid = `${counter + 900}12345678@lid`;
    const number = `628${counter + 900}1234567@s.whatsapp.net`;
    const at = (address: string, text: string, formerAddress?: string) => ({
      ...webchatMessage(address, text),
      channel: "whatsapp" as const,
      ...(formerAddress ? { formerAddress } : {}),
    });
    const first = await conductor.receive(at(lid, "lapor"));
    const moved = await conductor.receive(at(number, "batal", lid));
    expect(moved.contactId).toBe(first.contactId);
    // "batal" ended the report the first message began: the conversation came along.
    expect(moved.replies.map((r) => r.text)).toContain(translator.text("id", "common:cancelled"));
    // The old address finds nobody now; the number finds the same person.
    const again = await conductor.receive(at(number, "halo", lid));
    expect(again.contactId).toBe(first.contactId);
    const fresh = await conductor.receive(at(lid, "halo"));
    expect(fresh.contactId).not.toBe(first.contactId);
  });

  it("answers a duplicate delivery with the original replies and changes nothing", async () => {
    const { conductor } = await createTestConductor(database);
    const message = webchatMessage(newAddress(), "halo", `dup-${counter}`);
    const first = await conductor.receive(message);
    const second = await conductor.receive(message);
    expect(second.outcome).toBe("duplicate");
    expect(second.replies).toEqual(first.replies);
    expect(await rowsFor(inboundMessages, first.contactId)).toBe(1);
    expect(await rowsFor(outbox, first.contactId)).toBe(first.replies.length);
  });

  it("runs concurrent messages of one person one after the other, never interleaved", async () => {
    const { conductor } = await createTestConductor(database);
    const address = newAddress();
    await conductor.receive(webchatMessage(address, "menu"));
    // Ten at once: each must see the state the previous one left.
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        conductor.receive(webchatMessage(address, i % 2 ? "3" : "menu")),
      ),
    );
    expect(results.every((r) => r.outcome === "handled")).toBe(true);
    const contactId = results[0]?.contactId as string;
    expect(results.every((r) => r.contactId === contactId)).toBe(true);
    expect(await rowsFor(inboundMessages, contactId)).toBe(11);
    const [session] = await database.db
      .select()
      .from(conversationSessions)
      .where(eq(conversationSessions.contactId, contactId));
    expect(session?.waiting).toBe("menu/choose");
  });

  it("creates one contact when a new person's first messages arrive at the same moment", async () => {
    const { conductor } = await createTestConductor(database);
    const address = newAddress();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => conductor.receive(webchatMessage(address, "halo"))),
    );
    const ids = new Set(results.map((r) => r.contactId));
    expect(ids.size).toBe(1);
  });

  for (const step of ["lock", "dedupe", "run", "persist", "commit"] as const) {
    it(`loses nothing and duplicates nothing when it crashes at "${step}" and the channel redelivers`, async () => {
      const keyring = testKeyring();
      const clock = fixedClock();
      const address = newAddress();
      const message = webchatMessage(address, "halo", `crash-${step}-${counter}`);
      const crashing = await createTestConductor(database, {
        keyring,
        clock,
        beforeStep: (current) => {
          if (current === step) throw new Error(`injected crash at ${step}`);
        },
      });
      await expect(crashing.conductor.receive(message)).rejects.toThrow("injected crash");
      const healthy = await createTestConductor(database, { keyring, clock });
      const retried = await healthy.conductor.receive(message);
      expect(retried.outcome).toBe("handled");
      expect(await rowsFor(inboundMessages, retried.contactId)).toBe(1);
      expect(await rowsFor(outbox, retried.contactId)).toBe(retried.replies.length);
    });
  }

  it("keeps the outbox when it crashes after commit, before dispatch, and treats the redelivery as a duplicate", async () => {
    const keyring = testKeyring();
    const dispatched: string[] = [];
    const message = webchatMessage(newAddress(), "halo", `after-commit-${counter}`);
    const crashing = await createTestConductor(database, {
      keyring,
      beforeStep: (current) => {
        if (current === "dispatch") throw new Error("injected crash at dispatch");
      },
    });
    await expect(crashing.conductor.receive(message)).rejects.toThrow("injected crash");
    const healthy = await createTestConductor(database, {
      keyring,
      dispatch: async (contactId) => {
        dispatched.push(contactId);
      },
    });
    const again = await healthy.conductor.receive(message);
    expect(again.outcome).toBe("duplicate");
    expect(again.replies.length).toBeGreaterThan(0);
    const pending = await database.db
      .select({ status: outbox.status })
      .from(outbox)
      .where(eq(outbox.contactId, again.contactId));
    expect(pending.every((row) => row.status === "pending")).toBe(true);
    expect(pending).toHaveLength(again.replies.length);
    // A duplicate does not nudge again; the sweep delivers what the crash left pending.
    expect(dispatched).toEqual([]);
  });

  it("nudges the outbox sender after a commit, and a failing nudge loses nothing", async () => {
    const seen: string[] = [];
    const { conductor } = await createTestConductor(database, {
      dispatch: async (contactId) => {
        seen.push(contactId);
        throw new Error("queue down");
      },
    });
    const result = await conductor.receive(webchatMessage(newAddress(), "halo"));
    expect(result.outcome).toBe("handled");
    expect(seen).toEqual([result.contactId]);
    expect(await rowsFor(outbox, result.contactId)).toBe(result.replies.length);
  });

  it("answers the 21st message in a minute with a clear message, keeps it, and does not run it", async () => {
    const clock = fixedClock();
    const { conductor } = await createTestConductor(database, { clock });
    const address = newAddress();
    for (let i = 0; i < 20; i++) {
      expect((await conductor.receive(webchatMessage(address, "menu"))).outcome).toBe("handled");
    }
    const limited = await conductor.receive(webchatMessage(address, "menu"));
    expect(limited.outcome).toBe("rate_limited");
    expect(limited.replies.map((r) => r.text)).toEqual([
      translator.text("id", "common:rate_limited"),
    ]);
    const stored = await database.db
      .select({ outcome: inboundMessages.outcome })
      .from(inboundMessages)
      .where(eq(inboundMessages.contactId, limited.contactId));
    expect(stored.filter((row) => row.outcome === "rate_limited")).toHaveLength(1);
    clock.advance(61_000);
    expect((await conductor.receive(webchatMessage(address, "menu"))).outcome).toBe("handled");
  });

  it("resumes a conversation where it was after a restart (a new conductor, same database)", async () => {
    const keyring = testKeyring();
    const address = newAddress();
    await (await createTestConductor(database, { keyring })).conductor.receive(
      webchatMessage(address, "menu"),
    );
    await (await createTestConductor(database, { keyring })).conductor.receive(
      webchatMessage(address, "5"),
    );
    const afterRestart = await (await createTestConductor(database, { keyring })).conductor.receive(
      webchatMessage(address, "2"),
    );
    // "2" at the language question picks English: the run resumed at that question.
    expect(afterRestart.language).toBe("en");
    expect(afterRestart.replies[0]?.text).toContain("Language: English");
  });

  it("expires a conversation idle for 24 hours and says so when the person returns", async () => {
    const keyring = testKeyring();
    const clock = fixedClock();
    const address = newAddress();
    const { conductor } = await createTestConductor(database, { keyring, clock });
    await conductor.receive(webchatMessage(address, "menu"));
    const chose = await conductor.receive(webchatMessage(address, "5")); // language question, saves nothing yet
    clock.advance(25 * 3600_000);
    expect(await conductor.expireIdleSessions(24 * 3600_000)).toBe(1);
    const back = await conductor.receive(webchatMessage(address, "1"));
    expect(back.replies[0]?.text).toBe(translator.text("id", "common:session_expired"));
    // The menu run had collected nothing, so there is no draft for it.
    const drafts = await database.db
      .select()
      .from(abandonedDrafts)
      .where(eq(abandonedDrafts.contactId, chose.contactId));
    expect(drafts).toHaveLength(0);
  });

  it("stores an attachment sealed, with its SHA-256, and answers that it was saved", async () => {
    const { conductor, keyring } = await createTestConductor(database);
    const address = newAddress();
    const result = await conductor.receive(webchatMessage(address, { kind: "media", count: 1 }));
    expect(result.outcome).toBe("handled");
    const [stored] = await database.db
      .select()
      .from(media)
      .where(eq(media.contactId, result.contactId));
    expect(stored?.sha256).toBe("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81");
    expect(stored?.contentSealed).not.toContain("AQID");
    expect([...keyring.open(stored?.contentSealed as string, "media.content")]).toEqual([1, 2, 3]);
  });

  it("never stores the conversation id in plain text", async () => {
    const address = newAddress();
    const { conductor } = await createTestConductor(database);
    const result = await conductor.receive(webchatMessage(address, "halo"));
    const [row] = await database.db
      .select()
      .from(contacts)
      .where(eq(contacts.id, result.contactId));
    expect(JSON.stringify(row)).not.toContain(address);
  });

  it("refuses an action event nobody handles, committing nothing", async () => {
    const engine = await (await import("../support/engine-driver")).createAppEngine();
    const address = newAddress();
    const conductor = createConductor({
      database,
      keyring: testKeyring(),
      engine: {
        ...engine,
        handle: (session, input, now) => {
          const result = engine.handle(session, input, now);
          return {
            ...result,
            events: [...result.events, { type: "action", name: "nobody", params: {}, vars: {} }],
          };
        },
      },
      translator,
      log: silentLog,
      clock: () => new Date(),
      rateLimitPerMinute: 20,
    });
    await expect(conductor.receive(webchatMessage(address, "halo"))).rejects.toThrow("nobody");
  });

  it("keeps what an expired conversation collected as a sealed draft", async () => {
    const { createEngine } = await import("../../src/engine/runtime");
    const engine = createEngine({
      catalog: {
        welcomeFlow: "ask",
        menuFlow: "ask",
        triggers: [],
        flows: [
          {
            id: "ask",
            specVersion: 1,
            start: "story",
            nodes: {
              story: { type: "ask", prompt: ["common:need_text"], save: "story", next: "who" },
              who: { type: "ask", prompt: ["common:need_text"], save: "who", next: "end" },
              end: { type: "end" },
            },
          },
        ],
      },
      translate: (language, key) => translator.text(language, key),
      hasText: (key) => translator.has(key),
      idleMs: 24 * 3600_000,
    });
    const keyring = testKeyring();
    const clock = fixedClock();
    const { conductor } = await createTestConductor(database, { keyring, clock, engine });
    const address = newAddress();
    await conductor.receive(webchatMessage(address, "mulai"));
    const answered = await conductor.receive(
      webchatMessage(address, "Ada amplop dibagikan di desa"),
    );
    clock.advance(25 * 3600_000);
    expect(await conductor.expireIdleSessions(24 * 3600_000)).toBe(1);
    expect(await conductor.expireIdleSessions(24 * 3600_000)).toBe(0);
    const [draft] = await database.db
      .select()
      .from(abandonedDrafts)
      .where(eq(abandonedDrafts.contactId, answered.contactId));
    expect(draft?.flowId).toBe("ask");
    expect(draft?.dataSealed).not.toContain("amplop");
    const { openDraft } = await import("../../src/conversations/sessions");
    expect(openDraft(keyring, draft?.dataSealed as string)).toEqual({
      story: "Ada amplop dibagikan di desa",
    });
  });
});
