import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The WhatsApp (Baileys) session: credentials and Signal keys, one row per item, sealed. Key
 * writes are transactional, so a crash mid-write leaves the previous keys, never half of them.
 * Files (`useMultiFileAuthState`) are not used: they are documented as unfit for production.
 */
export const whatsappAuth = pgTable(
  "whatsapp_auth",
  {
    /** One WhatsApp number (session); "default" unless several are configured. */
    sessionId: text("session_id").notNull(),
    /** "creds", or a Signal key type ("pre-key", "session", "app-state-sync-key"…). */
    category: text("category").notNull(),
    /** The key's id; "" for creds. */
    keyId: text("key_id").notNull(),
    valueSealed: text("value_sealed").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.category, t.keyId] })],
);
