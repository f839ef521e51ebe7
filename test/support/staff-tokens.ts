import { addStaff } from "../../src/staff/accounts";
import { issueToken } from "../../src/staff/tokens";
import type { AppDatabase } from "../../src/storage/database";
import { postJson } from "./app-harness";

/**
 * The API tokens of the usual cast, by the name before the @: an admin, an officer of Belitung
 * Timur (19.06), an officer of Jambi (15, another province) and a viewer.
 */
export async function staffApiTokens(database: AppDatabase) {
  const people = [
    { email: "admin@example.org", role: "admin" },
    { email: "beltim@example.org", role: "officer", regionCode: "19.06" },
    { email: "jambi@example.org", role: "officer", regionCode: "15" },
    { email: "viewer@example.org", role: "viewer" },
  ];
  const tokens = { admin: "", beltim: "", jambi: "", viewer: "" };
  for (const person of people) {
    const account = await addStaff(database.db, { name: person.email, ...person });
    tokens[person.email.split("@")[0] as keyof typeof tokens] = await issueToken(
      database.db,
      account.id,
    );
  }
  return tokens;
}

interface RequestingApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

/** Requests to the staff API with a bearer token (none: to see it refused). */
export function staffApiClient(app: RequestingApp) {
  const api = (path: string, token: string | undefined, init: RequestInit = {}) =>
    app.request(`/api/v1${path}`, {
      ...init,
      headers: {
        ...(init.headers as Record<string, string>),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
    });
  const post = (path: string, token: string, body: unknown) =>
    api(path, token, postJson(body) as RequestInit);
  return { api, post };
}
