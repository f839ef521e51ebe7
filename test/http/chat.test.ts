import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDatabase } from "../../src/storage/database";
import { conversationId, createTestAwas, postJson } from "../support/app-harness";
import { createTestDatabase, testDatabaseKind } from "../support/database";

let database: AppDatabase;
let app: Awaited<ReturnType<typeof createTestAwas>>["app"];

beforeAll(async () => {
  database = await createTestDatabase();
  app = (await createTestAwas(database)).app;
});
afterAll(() => database.close());

interface Reply {
  id: string;
  text: string;
  choices?: { id: string; label: string }[];
}

async function send(
  id: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  const response = await app.request(
    "/chat/messages",
    postJson({ conversationId: id, ...body }, headers),
  );
  return {
    status: response.status,
    body: (await response.json()) as {
      replies: Reply[];
      error?: { code: string; message: string };
    },
  };
}

async function countReplies(id: string) {
  const response = await app.request("/chat/messages", { headers: { "x-conversation-id": id } });
  return ((await response.json()) as { replies: Reply[] }).replies.length;
}

describe(`web chat HTTP on ${testDatabaseKind}`, () => {
  it("greets a new conversation in Indonesian with the menu as choices", async () => {
    const { status, body } = await send(conversationId(), { text: "menu" });
    expect(status).toBe(200);
    const last = body.replies.at(-1);
    expect(last?.text).toBe(
      "Apa yang ingin Anda lakukan? Pertanyaan seputar pemilu juga bisa langsung Anda ketik.",
    );
    expect(last?.choices?.map((c) => c.id)).toEqual([
      "report",
      "status",
      "help",
      "privacy",
      "language",
      "learn",
      "subscribe",
    ]);
    expect(body.replies.every((reply) => typeof reply.id === "string")).toBe(true);
  });

  it("accepts a choice by id, by number and by its typed label", async () => {
    const id = conversationId();
    await send(id, { text: "menu" });
    const byId = await send(id, { choice: "language" });
    expect(byId.body.replies.at(-1)?.choices?.map((c) => c.id)).toEqual(["id", "en"]);
    const byNumber = await send(id, { text: "2" });
    expect(byNumber.body.replies[0]?.text).toContain("Language: English");
    await send(id, { choice: "language" });
    const byLabel = await send(id, { text: "bahasa indonesia" });
    expect(byLabel.body.replies[0]?.text).toContain("Bahasa: Indonesia");
  });

  it("switches to English when the person types `language`", async () => {
    const id = conversationId();
    await send(id, { text: "menu" });
    const { body } = await send(id, { text: "language" });
    expect(body.replies.at(-1)?.text).toBe(
      "What would you like to do? You can also just type a question about elections.",
    );
  });

  it("answers malformed JSON with 400 and a readable message, storing nothing", async () => {
    const response = await app.request("/chat/messages", postJson("{not json"));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid_json");
    expect(body.error.message.length).toBeGreaterThan(10);
  });

  it("answers errors in English when the browser prefers English", async () => {
    const response = await app.request(
      "/chat/messages",
      postJson("{", { "accept-language": "en-GB,en;q=0.9" }),
    );
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain("could not be read");
  });

  it("refuses 1 MB of text with 413 before parsing it", async () => {
    const id = conversationId();
    const { status, body } = await send(id, { text: "x".repeat(1024 * 1024) });
    expect(status).toBe(413);
    expect(body.error?.code).toBe("too_large");
    expect(await countReplies(id)).toBe(0);
  });

  it("refuses text over 4000 characters with 400, storing nothing", async () => {
    const id = conversationId();
    const { status, body } = await send(id, { text: "x".repeat(4001) });
    expect(status).toBe(400);
    expect(body.error?.code).toBe("text_too_long");
    expect(await countReplies(id)).toBe(0);
  });

  it("answers an emoji-only message helpfully, not with silence", async () => {
    const id = conversationId();
    await send(id, { text: "menu" });
    const { status, body } = await send(id, { text: "🙏🙏" });
    expect(status).toBe(200);
    expect(body.replies[0]?.text).toContain("tidak ada di pilihan");
    expect(body.replies.at(-1)?.choices).toHaveLength(7);
  });

  it("answers an unknown choice id and a number out of range, keeping the question", async () => {
    const id = conversationId();
    await send(id, { text: "menu" });
    const unknown = await send(id, { choice: "does-not-exist" });
    expect(unknown.status).toBe(200);
    expect(unknown.body.replies.at(-1)?.text).toBe(
      "Apa yang ingin Anda lakukan? Pertanyaan seputar pemilu juga bisa langsung Anda ketik.",
    );
    const outOfRange = await send(id, { text: "9" });
    expect(outOfRange.body.replies[0]?.text).toBe("Pilihan yang ada hanya nomor 1 sampai 7.");
  });

  for (const [why, body] of [
    ["missing", { text: "halo" }],
    ["short", { conversationId: "abc", text: "halo" }],
    ["not a string", { conversationId: 12345678901234, text: "halo" }],
  ] as const) {
    it(`refuses a ${why} conversationId with 400`, async () => {
      const response = await app.request("/chat/messages", postJson(body));
      expect(response.status).toBe(400);
      const json = (await response.json()) as { error: { code: string } };
      expect(["conversation_id", "invalid_request"]).toContain(json.error.code);
    });
  }

  it("answers a retried POST with the same messageId without running it twice", async () => {
    const id = conversationId();
    await send(id, { text: "menu" });
    const first = await send(id, { text: "5", messageId: "retry-abcdef12" });
    const again = await send(id, { text: "5", messageId: "retry-abcdef12" });
    expect(again.body.replies).toEqual(first.body.replies);
    expect(first.body.replies.at(-1)?.choices?.map((c) => c.id)).toEqual(["id", "en"]);
  });

  it("never answers one conversation with another's replies for a reused messageId", async () => {
    const first = conversationId();
    const second = conversationId();
    await send(first, { text: "menu" });
    const mine = await send(first, { text: "5", messageId: "shared-id-1234" });
    const theirs = await send(second, { text: "halo", messageId: "shared-id-1234" });
    expect(theirs.body.replies.map((r) => r.id)).not.toEqual(mine.body.replies.map((r) => r.id));
    expect(theirs.body.replies[0]?.text).toContain("Awas");
  });

  it("returns later messages after a cursor, and history without one", async () => {
    const id = conversationId();
    const first = await send(id, { text: "menu" });
    const history = await app.request("/chat/messages", { headers: { "x-conversation-id": id } });
    const all = (await history.json()) as { replies: Reply[]; cursor: string };
    expect(all.replies.map((r) => r.id)).toEqual(first.body.replies.map((r) => r.id));
    const second = await send(id, { text: "3" });
    const newer = await app.request(`/chat/messages?after=${all.cursor}`, {
      headers: { "x-conversation-id": id },
    });
    const after = (await newer.json()) as { replies: Reply[]; cursor: string };
    expect(after.replies.map((r) => r.id)).toEqual(second.body.replies.map((r) => r.id));
    expect(Number(after.cursor)).toBeGreaterThan(Number(all.cursor));
  });

  it("shows one conversation's messages to nobody else", async () => {
    const mine = conversationId();
    await send(mine, { text: "menu" });
    const other = await app.request("/chat/messages", {
      headers: { "x-conversation-id": conversationId() },
    });
    expect(((await other.json()) as { replies: Reply[] }).replies).toEqual([]);
  });

  it("refuses GET without a valid X-Conversation-Id, and a bad cursor", async () => {
    expect((await app.request("/chat/messages")).status).toBe(400);
    const bad = await app.request("/chat/messages?after=abc", {
      headers: { "x-conversation-id": conversationId() },
    });
    expect(bad.status).toBe(400);
  });

  it("takes a photo as if the person had sent it", async () => {
    const id = conversationId();
    await send(id, { text: "menu" });
    const form = new FormData();
    form.set(
      "file",
      new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], "bukti.png", { type: "image/png" }),
    );
    const response = await app.request("/chat/attachments", {
      method: "POST",
      headers: { "x-conversation-id": id },
      body: form,
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { replies: Reply[] };
    expect(body.replies[0]?.text).toBe("File Anda sudah kami terima dan simpan.");
  });

  it("refuses an attachment of a type it does not take with 415", async () => {
    const form = new FormData();
    form.set("file", new File(["MZ"], "tool.exe", { type: "application/x-msdownload" }));
    const response = await app.request("/chat/attachments", {
      method: "POST",
      headers: { "x-conversation-id": conversationId() },
      body: form,
    });
    expect(response.status).toBe(415);
  });

  it("refuses an attachment over the size limit with 413", async () => {
    const small = await createTestAwas(database, { WEBCHAT_MAX_ATTACHMENT_BYTES: "2048" });
    const form = new FormData();
    form.set("file", new File([new Uint8Array(200 * 1024)], "big.jpg", { type: "image/jpeg" }));
    const response = await small.app.request("/chat/attachments", {
      method: "POST",
      headers: { "x-conversation-id": conversationId() },
      body: form,
    });
    expect(response.status).toBe(413);
  });

  it("refuses an attachment without a file with 400", async () => {
    const form = new FormData();
    form.set("caption", "no file");
    const response = await app.request("/chat/attachments", {
      method: "POST",
      headers: { "x-conversation-id": conversationId() },
      body: form,
    });
    expect(response.status).toBe(400);
  });

  it("answers 429 with the message in the person's language when they send too fast", async () => {
    const limited = await createTestAwas(database, { RATE_LIMIT_PER_MINUTE: "3" });
    const id = conversationId();
    const statuses: number[] = [];
    let last: { error?: { message: string } } = {};
    for (let i = 0; i < 4; i++) {
      const response = await limited.app.request(
        "/chat/messages",
        postJson({ conversationId: id, text: "menu" }),
      );
      statuses.push(response.status);
      last = (await response.json()) as typeof last;
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last.error?.message).toContain("terlalu cepat");
  });

  it("serves the chat page with a strict content security policy", async () => {
    const response = await app.request("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).not.toContain("__UI_TEXT__");
    expect(html).toContain("Ikut mengawasi pemilu");
  });

  it("answers an unknown path with a JSON 404", async () => {
    const response = await app.request("/nope");
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
