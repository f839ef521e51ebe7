import { Hono } from "hono";
import type { Db } from "../../storage/database";
import { requireStaff, type StaffVariables } from "../staff-auth";

/** The staff API; the staff-console issue grows it. Every route needs a staff token. */
export function staffRoutes(deps: { db: Db }) {
  const app = new Hono<{ Variables: StaffVariables }>();
  app.use("*", requireStaff({ db: deps.db }));
  app.get("/me", (c) => {
    const { id, email, name, role, regionCode } = c.get("staff");
    return c.json({ id, email, name, role, regionCode });
  });
  return app;
}
