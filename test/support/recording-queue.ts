import type { JobQueue } from "../../src/jobs/queue";

/** A stand-in for pg-boss that only keeps the handlers, so a test runs a job by hand. */
export function recordingQueue() {
  const handlers = new Map<string, (jobs: { data: unknown }[]) => Promise<void>>();
  const queue = {
    async ensureQueue() {},
    async send() {
      return null;
    },
    async schedule() {},
    async work(
      name: string,
      _options: unknown,
      handler: (jobs: { data: unknown }[]) => Promise<void>,
    ) {
      handlers.set(name, handler);
    },
  } as unknown as JobQueue;
  return { queue, handlers };
}
