/**
 * What `npm run staff -- <command>` does, apart from where it runs: in its own process, or in
 * the running server that holds the embedded database (see staff-cli-socket.ts).
 */
import { parseArgs } from "node:util";
import { type Config, ConfigError } from "../config";
import {
  addOrganization,
  isOrganizationKind,
  listOrganizations,
  OrganizationError,
} from "../organizations/organizations";
import { DataDirLockedError } from "../storage/data-dir-lock";
import type { Db } from "../storage/database";
import {
  addStaff,
  findStaffByEmail,
  listStaff,
  normalizeEmail,
  normalizeStaffInput,
  type StaffAccount,
  StaffError,
} from "./accounts";
import { issuePasswordLink, passwordLinkTtlMs } from "./password-links";
import { issueToken, revokeStaffTokens } from "./tokens";

/** Where a command's lines go: the terminal, or the answer to a command handed to the server. */
export type Out = (line: string) => void;

/** A parsed command's work with the database, on the clock of whoever runs it. */
export type StaffWork = (db: Db, config: Config, out: Out, now: () => Date) => Promise<void>;

const usage = `Usage: npm run staff -- <command> [options]

Commands:
  add --email <email> --name <name> --role admin|officer|viewer [--region <code>]
      Create a staff account. An officer needs --region, a Kemendagri code such as
      19 (a province) or 19.06 (a kabupaten/kota); admins and viewers may omit it.
      Prints a one-time link to set the console password, as the last line.
  password-link --email <email>
      Issue a fresh one-time set-password link (e.g. for a forgotten password), as the
      last line. Earlier unused links stop working; the current password works until used.
  token --email <email> [--label <label>]
      Issue an API token. It is shown only once, as the last line of the output.
  list
      List staff accounts.
  revoke-tokens --email <email>
      Revoke every token of a staff member.
  org add [--kind ormas|party] --name <name> --region <code>
      Register a community organisation (ormas, the default) whose members relay reports,
      or a party's liaisons in an area (--kind party, e.g. --name "Partai X, Belitung Timur"),
      who receive the imbauan for party liaisons and relay nothing. Prints its invite code
      once (ORG-... for an ormas, LSN-... for a party): members join with /gabung <code> or
      t.me/<bot>?start=org-<code>. A person belongs to one group; joining another leaves it.
  org list
      List organisations and party groups with their kind.

Uses PostgreSQL when DATABASE_URL is set, otherwise the embedded database in DATA_DIR,
which only one process can open at a time: while the server ("npm start") holds it, the
server carries the command out for you.`;

const helpHint = 'Run "npm run staff -- --help" for usage.';

/** Bad invocation; the message is shown as is. */
export class UsageError extends Error {
  override name = "UsageError";
}

const options = {
  email: { type: "string" },
  name: { type: "string" },
  role: { type: "string" },
  region: { type: "string" },
  label: { type: "string" },
  kind: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Flag = Exclude<keyof typeof options, "help">;
type Values = { [K in Flag]?: string };

interface Command {
  flags: readonly Flag[];
  /** Checks the flags before the database starts, then returns the work to do with it. */
  prepare(values: Values): StaffWork;
}

const linkTtlHours = passwordLinkTtlMs / 3_600_000;

function setPasswordUrl(config: Config, secret: string): string {
  return `${config.publicUrl}/staff/set-password?token=${secret}`;
}

function required(values: Values, flag: Flag, command: string): string {
  const value = values[flag]?.trim();
  if (!value) throw new UsageError(`"${command}" needs --${flag} <value>. ${helpHint}`);
  return value;
}

async function requireAccount(db: Db, email: string): Promise<StaffAccount> {
  const account = await findStaffByEmail(db, email);
  if (!account) {
    throw new StaffError(
      "unknown_email",
      `No staff account has the email ${normalizeEmail(email)}.`,
    );
  }
  return account;
}

function describeAccount(account: StaffAccount): string {
  const region = account.regionCode ? `region ${account.regionCode}` : "all regions";
  return `${account.name} <${account.email}>, ${account.role}, ${region}`;
}

const commands: Record<string, Command> = {
  "org add": {
    flags: ["name", "region", "kind"],
    prepare(values) {
      const name = required(values, "name", "org add");
      const regionCode = required(values, "region", "org add");
      const kind = values.kind?.trim() || "ormas";
      if (!isOrganizationKind(kind)) {
        throw new UsageError(`--kind must be "ormas" or "party". ${helpHint}`);
      }
      return async (db, _config, out) => {
        const { organization, inviteCode } = await addOrganization(db, {
          name,
          regionCode,
          kind,
        });
        const what = kind === "party" ? "party liaison group" : "organisation";
        out(`Added ${what}: ${organization.name}, region ${organization.regionCode}.`);
        out("Its invite code is shown only this once. Members join with /gabung <code>.");
        // Last line on purpose: scripts take it with `| tail -n 1`.
        out(inviteCode);
      };
    },
  },
  "org list": {
    flags: [],
    prepare() {
      return async (db, _config, out) => {
        const found = await listOrganizations(db);
        if (found.length === 0) {
          out("No organisations yet. Add one with: npm run staff -- org add --help");
          return;
        }
        for (const org of found) {
          const status = org.revokedAt ? "invite revoked" : "active";
          out(`${org.name}  ${org.kind}  ${org.regionCode}  ${status}`);
        }
      };
    },
  },
  add: {
    flags: ["email", "name", "role", "region"],
    prepare(values) {
      const input = normalizeStaffInput({
        email: required(values, "email", "add"),
        name: required(values, "name", "add"),
        role: required(values, "role", "add"),
        regionCode: values.region,
      });
      return async (db, config, out, now) => {
        // One transaction: an account is never left without its link.
        const { account, secret } = await db.transaction(async (tx) => {
          const added = await addStaff(tx, input);
          return {
            account: added,
            secret: await issuePasswordLink(tx, added.id, now()),
          };
        });
        out(`Added staff account: ${describeAccount(account)}.`);
        out(`Issue an API token with: npm run staff -- token --email ${account.email}`);
        out(
          `Send them this one-time link to set their console password. It is valid for ${linkTtlHours} hours and shown only this once:`,
        );
        // Last line on purpose: scripts take it with `| tail -n 1`.
        out(setPasswordUrl(config, secret));
      };
    },
  },
  token: {
    flags: ["email", "label"],
    prepare(values) {
      const email = required(values, "email", "token");
      return async (db, _config, out) => {
        const account = await requireAccount(db, email);
        if (account.disabledAt) {
          throw new StaffError("staff_disabled", `The staff account ${account.email} is disabled.`);
        }
        const token = await issueToken(db, account.id, values.label);
        const label = values.label?.trim() ? ` (label "${values.label.trim()}")` : "";
        out(`New token for ${describeAccount(account)}${label}.`);
        out("It is shown only this once; store it now. Send it as: Authorization: Bearer <token>");
        // Last line on purpose: scripts take it with `| tail -n 1`.
        out(token);
      };
    },
  },
  "password-link": {
    flags: ["email"],
    prepare(values) {
      const email = required(values, "email", "password-link");
      return async (db, config, out, now) => {
        const account = await requireAccount(db, email);
        if (account.disabledAt) {
          throw new StaffError("staff_disabled", `The staff account ${account.email} is disabled.`);
        }
        const secret = await issuePasswordLink(db, account.id, now());
        out(`New set-password link for ${describeAccount(account)}.`);
        out(
          `It works once, is valid for ${linkTtlHours} hours, replaces any earlier unused link, and is shown only this once:`,
        );
        // Last line on purpose: scripts take it with `| tail -n 1`.
        out(setPasswordUrl(config, secret));
      };
    },
  },
  list: {
    flags: [],
    prepare() {
      return async (db, _config, out) => {
        const accounts = await listStaff(db);
        if (accounts.length === 0) {
          out("No staff accounts yet. Add one with: npm run staff -- add --help");
          return;
        }
        const header = ["EMAIL", "NAME", "ROLE", "REGION", "CREATED", "STATUS"];
        const rows = [
          header,
          ...accounts.map((a) => [
            a.email,
            a.name,
            a.role,
            a.regionCode ?? "-",
            a.createdAt.toISOString().slice(0, 16).replace("T", " "),
            a.disabledAt ? "disabled" : "active",
          ]),
        ];
        const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
        for (const row of rows) {
          const cells = row.map((cell, i) => cell.padEnd(widths[i] ?? 0));
          out(cells.join("  ").trimEnd());
        }
      };
    },
  },
  "revoke-tokens": {
    flags: ["email"],
    prepare(values) {
      const email = required(values, "email", "revoke-tokens");
      return async (db, _config, out) => {
        const account = await requireAccount(db, email);
        const count = await revokeStaffTokens(db, account.id);
        out(`Revoked ${count} token${count === 1 ? "" : "s"} of ${account.email}.`);
      };
    },
  },
};

/** The usage text, or the work a command line asks for (checked before any database opens). */
export function parseStaffCommand(argv: string[]): { usage: string } | { work: StaffWork } {
  // "org add" and "org list" are two words.
  const [first, ...others] = argv;
  const [command, rest] =
    first === "org" && others[0] !== undefined && !others[0].startsWith("-")
      ? [`org ${others[0]}`, others.slice(1)]
      : [first, others];
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    return { usage };
  }
  const spec = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!spec) throw new UsageError(`Unknown command "${command}". ${helpHint}`);
  const { values } = parseArgs({ args: rest, options, strict: true, allowPositionals: false });
  if (values.help) return { usage };
  for (const flag of Object.keys(values) as Flag[]) {
    if (!spec.flags.includes(flag)) {
      throw new UsageError(`"${command}" does not take --${flag}. ${helpHint}`);
    }
  }
  return { work: spec.prepare(values) };
}

/** One line for a person, never a stack trace. */
export function describeStaffError(error: unknown): string {
  if (
    error instanceof UsageError ||
    error instanceof StaffError ||
    error instanceof OrganizationError ||
    error instanceof DataDirLockedError ||
    error instanceof ConfigError
  ) {
    return error.message;
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
    // Node's text goes on about positionals after "--"; keep only its first sentence.
    const first = String((error as Error).message).split(/\.\s/)[0] ?? "Invalid arguments";
    return `${first.replace(/\.$/, "")}. ${helpHint}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `The staff command failed: ${message.replace(/\s+/g, " ").trim()}`;
}
