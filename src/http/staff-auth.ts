import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { StaffRole } from "../staff/accounts";
import { type AuthenticatedStaff, verifyToken } from "../staff/tokens";
import type { Db } from "../storage/database";

export type { AuthenticatedStaff };

/** Hono variables set by `requireStaff`: `new Hono<{ Variables: StaffVariables }>()`. */
export type StaffVariables = { staff: AuthenticatedStaff };

export interface RequireStaffOptions {
  db: Db;
  /** Roles allowed through; every role when omitted. */
  roles?: readonly StaffRole[];
}

// Tokens are short; a huge header is not one of ours and is not worth hashing.
const bearerPattern = /^Bearer[ ]+([^\s]{1,200})[ ]*$/i;

function unauthorized(c: Context, message: string) {
  c.header("WWW-Authenticate", "Bearer");
  return c.json({ error: { code: "unauthorized", message } }, 401);
}

/** Lets a request through only with a valid staff token (`Authorization: Bearer awas_…`). */
export function requireStaff(options: RequireStaffOptions) {
  const { db, roles } = options;
  return createMiddleware<{ Variables: StaffVariables }>(async (c, next) => {
    const header = c.req.header("Authorization");
    if (!header) return unauthorized(c, "A staff token is required (Authorization: Bearer …).");
    const token = bearerPattern.exec(header)?.[1];
    if (!token) return unauthorized(c, "The Authorization header must be: Bearer <token>.");
    const found = await verifyToken(db, token);
    // One message for unknown, revoked and disabled: the caller needs no more to act on it.
    if (!found) return unauthorized(c, "The staff token is invalid or has been revoked.");
    if (roles && !roles.includes(found.role)) {
      return c.json(
        { error: { code: "forbidden", message: "Your role does not allow this action." } },
        403,
      );
    }
    c.set("staff", found);
    await next();
  });
}
