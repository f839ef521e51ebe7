import fs from "node:fs";
import path from "node:path";

/**
 * PGlite takes no lock of its own, and a second process opening the same data directory
 * corrupts it. This lock file makes the second process fail with a clear message instead.
 */
export class DataDirLockedError extends Error {
  override name = "DataDirLockedError";
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${path.dirname(lockPath)} is in use by another process ` +
        `(pid ${holder.pid}, ${holder.purpose}, since ${holder.since}). Stop that process first ` +
        `(Ctrl+C in the terminal that runs "npm start"), or point DATABASE_URL at a PostgreSQL ` +
        `server, which many processes can share.`,
    );
  }
}

interface LockHolder {
  pid: number;
  purpose: string;
  since: string;
}

export interface DataDirLock {
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readHolder(lockPath: string): LockHolder | undefined {
  try {
    return JSON.parse(fs.readFileSync(lockPath, "utf8")) as LockHolder;
  } catch {
    return undefined;
  }
}

export function acquireDataDirLock(dataDir: string, purpose: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "awas.lock");
  const holder: LockHolder = { pid: process.pid, purpose, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // Written whole to a private file first, then linked into place: link() fails atomically
      // if the lock exists, and a reader never sees a half-written lock.
      const pending = `${lockPath}.${process.pid}.${Date.now()}`;
      fs.writeFileSync(pending, JSON.stringify(holder), { mode: 0o600 });
      try {
        fs.linkSync(pending, lockPath);
      } finally {
        fs.rmSync(pending, { force: true });
      }
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (readHolder(lockPath)?.pid === process.pid) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const existing = readHolder(lockPath);
      if (existing && existing.pid !== process.pid && isAlive(existing.pid)) {
        throw new DataDirLockedError(lockPath, existing);
      }
      // A stale lock from a process that died without cleaning up.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}
