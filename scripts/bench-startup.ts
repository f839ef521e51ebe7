/**
 * Start-up figures for the Node server on the embedded database (PGlite), no assertions:
 *   npx tsx scripts/bench-startup.ts [restarts]
 * Targets from the issue: first start < 30 s, restart to healthy < 5 s.
 */
import fs from "node:fs";
import {
  peakRssKib,
  type RunningServer,
  startServer,
  stopAllServers,
} from "../test/support/server-process";

const restarts = Number(process.argv[2] ?? 3);

async function waitHealthy(server: RunningServer) {
  for (;;) {
    try {
      const response = await fetch(`${server.url}/healthz`);
      if (response.status === 200) return;
    } catch {
      // Not accepting connections yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Spawn to first 200 from /healthz: what an operator or an orchestrator actually waits for. */
async function timedStart(dataDir?: string) {
  const started = performance.now();
  const server = await startServer(dataDir ? { dataDir } : {});
  await waitHealthy(server);
  const healthyMs = Math.round(performance.now() - started);
  // Exercise one conversation so the peak RSS reflects a serving process, not an idle one.
  await fetch(`${server.url}/chat/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ conversationId: "benchstartup0000000001", text: "menu" }),
  });
  const rssKib = peakRssKib(server.pid);
  await server.stop();
  return { server, healthyMs, inProcessMs: server.listening.startupMs as number, rssKib };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const mib = (kib: number | undefined) =>
  kib === undefined ? "n/a" : `${(kib / 1024).toFixed(0)} MiB`;

try {
  const first = await timedStart();
  console.log(
    `first start (empty DATA_DIR): healthy after ${first.healthyMs} ms ` +
      `(in-process ${first.inProcessMs} ms), peak RSS ${mib(first.rssKib)}`,
  );
  const runs: Awaited<ReturnType<typeof timedStart>>[] = [];
  for (let i = 0; i < restarts; i++) runs.push(await timedStart(first.server.dataDir));
  console.log(
    `restart (same DATA_DIR, ${restarts} runs): healthy after median ` +
      `${median(runs.map((r) => r.healthyMs))} ms [${runs.map((r) => r.healthyMs).join(", ")}] ` +
      `(in-process median ${median(runs.map((r) => r.inProcessMs))} ms)`,
  );
  const rss = runs.map((r) => r.rssKib).filter((kib) => kib !== undefined);
  console.log(`peak RSS (VmHWM) on restart: max ${mib(rss.length ? Math.max(...rss) : undefined)}`);
  const size = fs
    .readdirSync(first.server.dataDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + fs.statSync(`${entry.parentPath}/${entry.name}`).size, 0);
  console.log(`DATA_DIR size after the runs: ${(size / 1024 / 1024).toFixed(1)} MiB`);
} finally {
  await stopAllServers();
}
