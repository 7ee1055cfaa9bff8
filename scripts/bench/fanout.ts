/**
 * The fan-out bench (`npm run bench -- --only fanout`; small, in tests/e2e/fanout.test.ts): one
 * publication delivered to 10,000 followers on 1,000 servers, through the real Worker entry in workerd (Miniflare) with its D1,
 * its delivery queue (producer and consumer as wrangler.toml declares them) and a dead-letter
 * queue. The servers are one local HTTP server with 1,000 shared inboxes
 * (`/s<j>/inbox`), ten followers each. The cron handler is fired once; the bench waits until
 * every inbox has its `Create` (or a minute passes), then a few seconds more for duplicates, and
 * reports the time, the queue batches (Miniflare's own `QUEUE …` log lines), duplicates and
 * losses, the delivery log's states, and workerd's memory before and after.
 *
 * A benchmark, not a test: nothing here asserts a timing.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join, resolve } from "node:path";
import { Log, LogLevel, Miniflare } from "miniflare";
import { buildContent } from "../../src/content-build/build-content.js";
import { workerOutputs } from "../../src/content-build/generated-module.js";
import { buildIcons } from "../../src/content-build/icons.js";
import { freePort } from "../serve-locally.js";
import { rssMiB, workerdPids } from "./processes.js";
import { assetsAsDeployed, buildService, COMPATIBILITY_DATE, workerModules } from "./service-worker.js";

const ROOT = resolve(import.meta.dirname, "../..");
const QUEUE = "newsfeed-edge-delivery";

/** Miniflare's log, counting the consumer's batches (`QUEUE <name> <acked>/<total> (<ms>)`). */
class CountingLog extends Log {
  batches = 0;
  messages = 0;
  constructor() {
    super(LogLevel.INFO);
  }
  override logWithLevel(level: LogLevel, message: string): void {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the log's colour codes are stripped.
    const match = new RegExp(`QUEUE ${QUEUE} (\\d+)/(\\d+)`).exec(message.replace(/\u001b\[[0-9;]*m/g, ""));
    if (match) {
      this.batches++;
      this.messages += Number(match[2]);
      return; // counted, not printed
    }
    super.logWithLevel(level, message);
  }
}

export interface FanoutResult {
  servers: number;
  followers: number;
  deliveredInboxes: number;
  duplicates: number;
  lost: number;
  ms: number;
  batches: number;
  messages: number;
  states: Record<string, number>;
  rssBeforeMiB: number | undefined;
  rssAfterMiB: number | undefined;
  /** POSTs the inboxes got, failed ones included. */
  attempts: number;
}

export interface FanoutOptions {
  /** 1,000 unless given. */
  servers?: number;
  /** 10 unless given. */
  followersPerServer?: number;
  /** Cron runs fired over the same minute (1 unless given): a second one must deliver nothing again. */
  cronRuns?: number;
  /** What a server's shared inbox answers to its first attempts (by server number), then 202. */
  failing?: Record<number, number[]>;
}

export async function fanout(work: string, options: FanoutOptions = {}): Promise<FanoutResult> {
  const SERVERS = options.servers ?? 1000;
  const FOLLOWERS_PER_SERVER = options.followersPerServer ?? 10;
  const dir = join(work, "fanout");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "content"), { recursive: true });
  // One article published a minute ago: the publication the cron run announces.
  const published = new Date(Date.now() - 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  writeFileSync(
    join(dir, "content", "fan-out.md"),
    `---\nid: urn:uuid:5b1f5a3e-8a51-4b8e-9a0e-6a1f6d1f0a24\ntitle: One story for ten thousand followers\npublished: ${published}\nauthors:\n  - name: Olena Marchenko\nsection: World\n---\n\nThe lede.\n\n## More\n\nA paragraph.\n`,
  );
  const built = buildContent(join(dir, "content"));
  if (built.errors.length > 0) throw new Error(JSON.stringify(built.errors));
  const icons = (await buildIcons(join(ROOT, "content"))).files;
  const outputs = workerOutputs(built.articles, icons, { at: Date.now(), head: 50, folder: "archive-content" });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const { script, assets } = buildService(dir, outputs, { BASE_URL: base });

  // The servers' shared inboxes: what each accepted (a failed attempt is not a delivery).
  const received = new Map<string, number>();
  const attempts = new Map<string, number>();
  let last = 0;
  const inboxes = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const path = request.url ?? "";
      const attempt = (attempts.get(path) ?? 0) + 1;
      attempts.set(path, attempt);
      const status = options.failing?.[Number(/^\/s(\d+)\//.exec(path)?.[1])]?.[attempt - 1] ?? 202;
      if (status < 300) {
        received.set(path, (received.get(path) ?? 0) + 1);
        last = performance.now();
      }
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((done) => inboxes.listen(0, "127.0.0.1", done));
  const inboxPort = (inboxes.address() as { port: number }).port;

  const pair = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const log = new CountingLog();
  const before = workerdPids();
  const mf = new Miniflare({
    ...workerModules(script),
    // Module names are relative to this root: the bench's work folder may lie outside the working directory (a test's temp folder).
    modulesRoot: dirname(script),
    compatibilityDate: COMPATIBILITY_DATE,
    port,
    log,
    bindings: {
      BASE_URL: base,
      FEDIVERSE_KEYS: JSON.stringify({ publicKeyPem: pair.publicKey, privateKeyPem: pair.privateKey }),
      DELIVERY_RETRY_SECONDS: "1",
    },
    d1Databases: { FEDIVERSE_DB: "fanout" },
    queueProducers: { DELIVERY_QUEUE: QUEUE },
    // As wrangler.toml declares the consumer.
    queueConsumers: { [QUEUE]: { maxBatchSize: 20, maxBatchTimeout: 1, maxRetries: 5, deadLetterQueue: `${QUEUE}-dead` } },
    assets: assetsAsDeployed(assets),
  });
  await mf.ready;
  const pid = [...workerdPids()].find((p) => !before.has(p));
  const db = await mf.getD1Database("FEDIVERSE_DB");
  const migration = readFileSync(join(ROOT, "migrations/0001_fediverse.sql"), "utf8").replace(/--[^\n]*/g, "");
  await db.batch(
    migration
      .split(";")
      .map((statement) => statement.trim())
      .filter(Boolean)
      .map((statement) => db.prepare(statement)),
  );
  const rows = [];
  for (let j = 0; j < SERVERS; j++)
    for (let i = 0; i < FOLLOWERS_PER_SERVER; i++) {
      const server = `http://127.0.0.1:${inboxPort}/s${j}`;
      rows.push(
        db
          .prepare("INSERT INTO followers (handle, follower, inbox, shared_inbox, domain, follow_id, since) VALUES (?, ?, ?, ?, ?, ?, ?)")
          .bind("news", `${server}/users/u${i}`, `${server}/users/u${i}/inbox`, `${server}/inbox`, `s${j}.bench`, `${server}/follows/${i}`, published),
      );
    }
  for (let i = 0; i < rows.length; i += 500) await db.batch(rows.slice(i, i + 500));
  const rssBeforeMiB = rssMiB(pid);

  const worker = await mf.getWorker();
  const started = performance.now();
  for (let run = 0; run < (options.cronRuns ?? 1); run++) await worker.scheduled({ scheduledTime: new Date(), cron: "* * * * *" });
  const deadline = started + 60_000;
  while (received.size < SERVERS && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  const ms = (last || performance.now()) - started;
  await new Promise((r) => setTimeout(r, 3000)); // room for any duplicate
  const rssAfterMiB = rssMiB(pid);
  const { results } = await db.prepare("SELECT state, count(*) AS n FROM deliveries GROUP BY state").all<{ state: string; n: number }>();
  await mf.dispose();
  inboxes.close();
  const duplicates = [...received.values()].reduce((sum, n) => sum + (n - 1), 0);
  return {
    servers: SERVERS,
    followers: SERVERS * FOLLOWERS_PER_SERVER,
    deliveredInboxes: received.size,
    duplicates,
    lost: SERVERS - received.size,
    ms,
    batches: log.batches,
    messages: log.messages,
    states: Object.fromEntries(results.map((r) => [r.state, r.n])),
    rssBeforeMiB,
    rssAfterMiB,
    attempts: [...attempts.values()].reduce((sum, n) => sum + n, 0),
  };
}
