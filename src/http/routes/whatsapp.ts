import { Hono } from "hono";
import type { WhatsAppConnection } from "../../channels/whatsapp/connection";
import type { Db } from "../../storage/database";
import { requireStaff, type StaffVariables } from "../staff-auth";

/** GET /whatsapp/status: where pairing stands, for admins (the QR is a secret while pairing). */
export function whatsappRoutes(deps: { db: Db; connection: WhatsAppConnection | undefined }) {
  const app = new Hono<{ Variables: StaffVariables }>();
  app.use("/whatsapp/*", requireStaff({ db: deps.db, roles: ["admin"] }));
  app.get("/whatsapp/status", (c) => {
    if (!deps.connection) return c.json({ state: "disabled" });
    const qr = deps.connection.qr();
    const pairingCode = deps.connection.pairingCode();
    return c.json({
      state: deps.connection.state(),
      ...(qr ? { qr } : {}),
      ...(pairingCode ? { pairingCode } : {}),
    });
  });
  return app;
}
