import { addStaff } from "../../src/staff/accounts";
import { issueToken } from "../../src/staff/tokens";
import type { AppDatabase } from "../../src/storage/database";

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
