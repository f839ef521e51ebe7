import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { conversationId } from "../support/app-harness";
import {
  type RunningServer,
  type ServerProcess,
  spawnServer,
  startServer,
  stopAllServers,
} from "../support/server-process";

/**
 * The real `src/entry/node.ts` in a child process, always on the embedded database (the
 * helper drops DATABASE_URL), so this file behaves the same in both CI runs. Each start
 * costs seconds, so the tests start as few servers as they can.
 */

interface Reply {
  id: string;
  text: string;
  choices?: { id: string; label: string }[];
}

async function post(server: RunningServer, body: Record<string, unknown>) {
  const response = await fetch(`${server.url}/chat/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { replies: Reply[] }).replies;
}

async function history(server: RunningServer, id: string) {
  const response = await fetch(`${server.url}/chat/messages`, {
    headers: { "x-conversation-id": id },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { replies: Reply[] }).replies;
}

const choiceIds = (reply: Reply | undefined) => reply?.choices?.map((choice) => choice.id);

/** A process expected to fail at start-up must do so quickly, not hang. */
async function exitCode(server: ServerProcess, timeoutMs = 60_000) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still running after ${timeoutMs} ms:\n${server.output()}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([server.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

afterAll(() => stopAllServers(), 60_000);

const mainMenu = ["report", "status", "help", "privacy", "language", "learn", "subscribe"];

describe("the Node server process", () => {
  it("files a report in the web chat whose code and PIN work after a restart", async () => {
    const id = conversationId();
    const server = await startServer();
    const answers = [
      "lapor",
      "1",
      "desa Lalang, Manggar",
      "tadi pagi",
      "1",
      "Ada pembagian amplop berisi uang di rumah kepala dusun.",
      "Pak Budi, tim sukses",
      "Bu Sari, warga Desa Lalang",
      "selesai",
      "2",
      "1",
      "Siti Aminah",
      "Jl. Merdeka No. 5, Desa Lalang",
      "0812 3456 7890",
      "lewati",
    ];
    for (const text of answers) await post(server, { conversationId: id, text });
    const receipt = await post(server, { conversationId: id, text: "Kirim" });
    const match = /Kode tiket: \*(LPR-[0-9A-Z]{4}-[0-9A-Z]{4})\*\nPIN: \*(\d{6})\*/.exec(
      receipt[0]?.text ?? "",
    );
    expect(match, receipt[0]?.text).not.toBeNull();
    const [, code, pin] = match as RegExpExecArray;
    await server.stop();

    const again = await startServer({ dataDir: server.dataDir });
    const mine = await post(again, { conversationId: id, text: `cek ${code}` });
    expect(mine[0]?.text).toContain("Tahap: *Diterima*");
    const stranger = conversationId();
    const without = await post(again, { conversationId: stranger, text: `cek ${code}` });
    expect(without[0]?.text).toContain("tidak ditemukan");
    expect(without[0]?.text).not.toContain("Diterima");
    const withPin = await post(again, { conversationId: stranger, text: `cek ${code} ${pin}` });
    expect(withPin[0]?.text).toContain("Tahap: *Diterima*");
    // The reporter's name and story reach the database sealed, and never the log.
    expect(server.output() + again.output()).not.toContain("Siti Aminah");
    expect(server.output() + again.output()).not.toContain("amplop");
    await again.stop();
  }, 240_000);

  it("serves health, greets in Indonesian, and keeps the conversation across a restart", async () => {
    const id = conversationId();
    const secret = "rahasia-zebra-42";

    const first = await startServer();
    const health = await fetch(`${first.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { status: string }).status).toBe("ok");

    const menu = await post(first, { conversationId: id, text: "menu" });
    expect(menu.at(-1)?.text).toBe(
      "Apa yang ingin Anda lakukan? Pertanyaan seputar pemilu juga bisa langsung Anda ketik.",
    );
    expect(choiceIds(menu.at(-1))).toEqual(mainMenu);
    // Free text the bot cannot use: it must reach the database but never the log.
    const unusable = await post(first, { conversationId: id, text: secret });
    expect(choiceIds(unusable.at(-1))).toEqual(["report", "ask_staff", "browse", "menu"]);
    const backToMenu = await post(first, { conversationId: id, choice: "menu" });
    expect(choiceIds(backToMenu.at(-1))).toEqual(mainMenu);
    const question = await post(first, { conversationId: id, choice: "language" });
    expect(question.at(-1)?.text).toBe("Pilih bahasa / Choose a language:");
    expect(choiceIds(question.at(-1))).toEqual(["id", "en"]);
    const before = await history(first, id);
    expect(before.length).toBeGreaterThanOrEqual(3);

    await first.stop();
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('"msg":"stopped"');

    const second = await startServer({ dataDir: first.dataDir });
    // The session resumes at the language question, and the key file still decrypts it.
    const answer = await post(second, { conversationId: id, text: "2" });
    expect(answer[0]?.text).toContain("Language: English");
    expect(answer.at(-1)?.text).toBe(
      "What would you like to do? You can also just type a question about elections.",
    );
    const after = await history(second, id);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.length).toBe(before.length + answer.length);
    await second.stop();

    for (const output of [first.output(), second.output()]) {
      // Request lines were logged, so their absence below is not an empty log passing.
      expect(output).toContain('"route":"/chat/messages"');
      expect(output).not.toContain(id);
      expect(output).not.toContain(secret);
    }
  }, 240_000);

  it("refuses a second server on the same data directory with a clear message", async () => {
    const first = await startServer();
    const second = spawnServer({ dataDir: first.dataDir });
    expect(await exitCode(second)).toBe(1);
    const message = second.output();
    expect(message).toMatch(/The embedded database in .+ is in use by another process/);
    expect(message).toContain(`pid ${first.pid}`);
    expect(message).toContain("DATABASE_URL");
    // A known start-up problem is explained, not dumped as a stack trace.
    expect(message).not.toMatch(/^\s+at /m);

    // The refused process neither took the lock nor disturbed the running server.
    const lock = JSON.parse(fs.readFileSync(path.join(first.dataDir, "awas.lock"), "utf8")) as {
      pid: number;
    };
    expect(lock.pid).toBe(first.pid);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    await first.stop();
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(path.join(first.dataDir, "awas.lock"))).toBe(false);
  }, 180_000);

  it("refuses to start on PostgreSQL without DATA_KEY, before touching the database", async () => {
    // Nothing listens on port 1: had the server connected or migrated before checking the
    // key, it would fail with a connection error instead of the DATA_KEY message.
    const server = spawnServer({
      env: { DATABASE_URL: "postgres://postgres@127.0.0.1:1/awas_never_used" },
    });
    expect(await exitCode(server)).toBe(1);
    const message = server.output();
    expect(message).toContain("DATA_KEY is required when DATABASE_URL is set");
    expect(message).not.toMatch(/ECONNREFUSED|^\s+at /m);
    expect(message).not.toContain("listening");
  }, 90_000);
});
