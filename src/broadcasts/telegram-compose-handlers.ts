import type { AuditEntry } from "../audit/audit-log";
/**
 * The conductor's handlers for `/siaran` (flows/siaran.ts). They run in the conductor's
 * transaction: the account behind the chat is checked again at the preview and at `kirim`
 * (a link removed or an account disabled mid-way grants nothing), the preview counts the
 * recipients exactly as the broadcast will, and `kirim` creates the broadcast through the
 * broadcast service on that same transaction, so the broadcast and the conversation commit
 * together. The queue is asked to deliver only after the commit.
 */
import type { EventContext, EventHandler } from "../conversations/conductor";
import type { Say } from "../engine/types";
import { type LinkedStaff, staffForContact } from "../staff/telegram-link";
import type { Tx } from "../storage/database";
import {
  type Audience,
  audienceRecipients,
  type BroadcastActor,
  BroadcastError,
  createBroadcastService,
  withinRegion,
} from "./broadcasts";
import { formatWib } from "./send-time";
import { draftOf } from "./telegram-compose";

export interface BroadcastComposeDeps {
  /** BROADCAST_APPROVAL=required: a second staff member approves before anything is sent. */
  approvalRequired: boolean;
  /** Asks the queue to deliver a broadcast (broadcast-jobs `kick`); called after the commit. */
  kick: (broadcastId: string) => Promise<void>;
  /** PUBLIC_URL: the reply links to the broadcast's console page under it. */
  consoleUrl?: string;
  /** Audits the new broadcast in the conversation's transaction (as the console does). */
  audit?: (tx: Tx, entry: AuditEntry, at: Date) => Promise<void>;
}

/** The short form of a broadcast id shown in the chat (the start of the console link's id). */
export const shortBroadcastId = (id: string) => id.slice(0, 8);

/** The admin or officer an event's chat is linked to, or undefined. */
async function composerFor(
  tx: Tx,
  context: EventContext,
): Promise<(LinkedStaff & { role: "admin" | "officer" }) | undefined> {
  if (context.channel !== "telegram") return undefined;
  const member = await staffForContact(tx, context.contactId);
  if (!member || (member.role !== "admin" && member.role !== "officer")) return undefined;
  return member as LinkedStaff & { role: "admin" | "officer" };
}

const actorOf = (member: LinkedStaff): BroadcastActor => ({
  id: member.id,
  role: member.role,
  regionCode: member.regionCode,
  email: member.email,
  via: "telegram",
});

export function createBroadcastComposeHandlers(
  deps: BroadcastComposeDeps,
): Record<string, EventHandler> {
  const when = (sendAt: Date | null, language: EventContext["language"]): Say =>
    sendAt
      ? { key: "broadcast:preview_at", params: { time: formatWib(sendAt, language) } }
      : "broadcast:preview_now";

  return {
    /** Why `/siaran` is not for this chat: the channel, the role, or no linked account. */
    async broadcast_compose_refused(tx, _event, context) {
      if (context.channel !== "telegram") return ["broadcast:telegram_only"];
      const member = await staffForContact(tx, context.contactId);
      return [member ? "broadcast:refused_role" : "broadcast:not_linked"];
    },

    async broadcast_preview_requested(tx, event, context) {
      const member = await composerFor(tx, context);
      if (!member) return ["broadcast:no_longer_allowed"];
      const draft = draftOf(event.vars);
      if (!draft) throw new Error("broadcast_preview_requested without a complete draft");
      const audience: Audience = { regions: draft.places.codes };
      const recipients = (await audienceRecipients(tx, audience)).length;
      const says: Say[] = [
        "broadcast:preview_title",
        { key: "broadcast:preview_text", params: { text: draft.text } },
        draft.textEn === null
          ? "broadcast:preview_no_english"
          : { key: "broadcast:preview_text_en", params: { text: draft.textEn } },
        { key: "broadcast:preview_audience", params: { places: draft.places.names } },
        { key: "broadcast:preview_recipients", params: { count: String(recipients) } },
        when(draft.sendAt, context.language),
      ];
      if (deps.approvalRequired) says.push("broadcast:preview_approval");
      // The area may have changed since the places were read: said now, refused at `kirim`.
      if (
        member.role === "officer" &&
        !draft.places.codes.every((code) => withinRegion(code, member.regionCode))
      ) {
        says.push("errors:broadcast.outside_scope");
      }
      return says;
    },

    async broadcast_send_requested(tx, event, context) {
      const member = await composerFor(tx, context);
      if (!member) return ["broadcast:no_longer_allowed"];
      const draft = draftOf(event.vars);
      if (!draft) throw new Error("broadcast_send_requested without a complete draft");
      // The service on this transaction: its scope, state and approval rules, committed with
      // the conversation; its kick waits for the commit.
      const service = createBroadcastService({
        db: tx,
        clock: () => context.now,
        approvalRequired: deps.approvalRequired,
        kick: async (id) => {
          context.afterCommit(() => deps.kick(id));
        },
        // Tests are sent by the flow itself, to this chat; the service's own is never used here.
        sendTest: async () => false,
        ...(deps.audit
          ? {
              audit: (entry: AuditEntry) =>
                deps.audit?.(tx, entry, context.now) ?? Promise.resolve(),
            }
          : {}),
      });
      let created: Awaited<ReturnType<typeof service.create>>;
      try {
        created = await service.create(actorOf(member), {
          text: draft.text,
          textEn: draft.textEn,
          audience: { regions: draft.places.codes },
          sendAt: draft.sendAt,
        });
      } catch (error) {
        if (error instanceof BroadcastError) {
          return [`errors:broadcast.${error.code}`, "broadcast:not_created"];
        }
        throw error;
      }
      const params = {
        id: shortBroadcastId(created.id),
        count: String(created.recipients),
        places: draft.places.names,
        time: draft.sendAt ? formatWib(draft.sendAt, context.language) : "",
      };
      const key =
        created.state === "awaiting_approval"
          ? draft.sendAt
            ? "broadcast:created_awaiting_approval_at"
            : "broadcast:created_awaiting_approval"
          : created.state === "scheduled"
            ? "broadcast:created_scheduled"
            : "broadcast:created_sending";
      const says: Say[] = [{ key, params }];
      if (deps.consoleUrl) {
        says.push({
          key: "broadcast:console_link",
          params: { url: `${deps.consoleUrl}/staff/broadcasts/${created.id}` },
        });
      }
      return says;
    },
  };
}
