/**
 * `npm run fediverse -- <command>`: the newsroom's ActivityPub side, locally and in production.
 *
 *   keys [--force]        makes the actors' RSA-2048 key pair into FEDIVERSE_KEYS in .dev.vars
 *                         (npm start does it when there is none); --force replaces one
 *   secret                prints the secret's value alone:
 *                         npm run --silent fediverse -- secret | npx wrangler secret put FEDIVERSE_KEYS
 *   followers [--remote]  followers per actor and per server, and the deliveries that failed,
 *                         from the local D1 (npm start's), or the production one with --remote
 *   follow <@name@host>   a fake remote server on loopback that follows the actor, prints every
 *                         activity delivered to it (verified by a third-party library), and
 *                         undoes the follow on Ctrl-C
 *
 * `--file <path>` names another file than .dev.vars (keys, secret). Nothing here talks to
 * Cloudflare but `followers --remote`, which runs `wrangler d1 execute --remote`.
 */
import { execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { fediverseKeysFromSecret } from "../src/fediverse/keys.js";
import { readVar, runAsCommand, shown, UsageError, writeVar } from "./dev-vars.js";
import { startFakeFollower } from "./fake-follower.js";

const ROOT = resolve(import.meta.dirname, "..");
export const FEDIVERSE_KEYS_VAR = "FEDIVERSE_KEYS";
/** wrangler.toml `[[d1_databases]] database_name`. */
export const DATABASE = "newsfeed-edge-fediverse";
const USAGE = "Usage: npm run fediverse -- keys [--force] | secret | followers [--remote] | follow <@name@host>   [--file <path>, default .dev.vars]";
export const PRODUCTION_STEP = `npm run --silent fediverse -- secret | npx wrangler secret put ${FEDIVERSE_KEYS_VAR}`;

/** The key pair in the file, checked as the Worker checks it, or undefined. */
function keysIn(path: string) {
  const file = readVar(path, FEDIVERSE_KEYS_VAR);
  try {
    return { file, keys: fediverseKeysFromSecret(file.value) };
  } catch (error) {
    throw new UsageError(`${shown(path)}: ${(error as Error).message}`);
  }
}

/** Rows of a query on the fediverse's D1 (`wrangler d1 execute --json`). */
function query<T>(sql: string, remote: boolean): T[] {
  const wrangler = createRequire(import.meta.url).resolve("wrangler/bin/wrangler.js");
  const out = execFileSync(process.execPath, [wrangler, "d1", "execute", DATABASE, remote ? "--remote" : "--local", "--json", "--command", sql], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return (JSON.parse(out) as { results: T[] }[]).flatMap((r) => r.results);
}

export async function run(argv: string[], out: (line: string) => void): Promise<void> {
  const args = [...argv];
  let path = resolve(ROOT, ".dev.vars");
  const fileFlag = args.indexOf("--file");
  if (fileFlag >= 0) {
    const value = args[fileFlag + 1];
    if (value === undefined) throw new UsageError(`--file needs a path\n${USAGE}`);
    path = resolve(value);
    args.splice(fileFlag, 2);
  }
  const [command, ...rest] = args;
  switch (command) {
    case "keys": {
      const force = rest.includes("--force");
      if (rest.some((a) => a !== "--force")) throw new UsageError(USAGE);
      const { file, keys } = keysIn(path);
      if (keys && !force) {
        out(`${shown(path)} already holds ${FEDIVERSE_KEYS_VAR}; --force replaces it (followers' servers then fetch the new key).`);
        return;
      }
      const pair = generateKeyPairSync("rsa", {
        modulusLength: 2048,
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
      });
      writeVar(file, { publicKeyPem: pair.publicKey, privateKeyPem: pair.privateKey });
      out(`Wrote a new RSA-2048 key pair for the newsroom's actors to ${FEDIVERSE_KEYS_VAR} in ${shown(path)}.`);
      out(`For production, put it in the Worker's secret (this deploys a new version):\n  ${PRODUCTION_STEP}`);
      return;
    }
    case "secret": {
      if (rest.length > 0) throw new UsageError(USAGE);
      const { keys } = keysIn(path);
      if (!keys) throw new UsageError(`${shown(path)} holds no ${FEDIVERSE_KEYS_VAR}: npm run fediverse -- keys`);
      out(JSON.stringify(keys));
      return;
    }
    case "followers": {
      const remote = rest.includes("--remote");
      if (rest.some((a) => a !== "--remote")) throw new UsageError(USAGE);
      const perActor = query<{ handle: string; followers: number; servers: number }>(
        "SELECT handle, count(*) AS followers, count(DISTINCT domain) AS servers FROM followers GROUP BY handle ORDER BY followers DESC, handle",
        remote,
      );
      const perServer = query<{ domain: string; followers: number }>(
        "SELECT domain, count(*) AS followers FROM followers GROUP BY domain ORDER BY followers DESC, domain LIMIT 50",
        remote,
      );
      const failures = query<{ activity_id: string; target: string; state: string; attempts: number; status: number | null }>(
        "SELECT activity_id, target, state, attempts, status FROM deliveries WHERE state IN ('failed', 'dead', 'retry') ORDER BY updated DESC LIMIT 50",
        remote,
      );
      out(`Followers per actor (${remote ? "production" : "local"} D1):`);
      if (perActor.length === 0) out("  none yet");
      for (const r of perActor) out(`  @${r.handle}  ${r.followers} follower(s) on ${r.servers} server(s)`);
      out("Followers per server (top 50):");
      for (const r of perServer) out(`  ${r.domain}  ${r.followers}`);
      out(failures.length === 0 ? "No failed deliveries." : "Deliveries not made (newest 50):");
      for (const f of failures) out(`  ${f.state} after ${f.attempts} attempt(s), last status ${f.status ?? "none"}: ${f.activity_id} → ${f.target}`);
      return;
    }
    case "follow": {
      const target = rest[0];
      if (target === undefined || rest.length > 1) throw new UsageError(`follow needs one handle: npm run fediverse -- follow @news@127.0.0.1:8787`);
      const follower = await startFakeFollower();
      out(`A fake server at ${follower.origin}; its actor ${follower.actorId} follows ${target}.`);
      out(`Follow: the inbox answered ${await follower.follow(target)}. Deliveries appear below as they arrive (Ctrl-C undoes the follow and stops).`);
      let shownCount = 0;
      const timer = setInterval(() => {
        for (const d of follower.deliveries.slice(shownCount)) {
          const object = d.activity.object as { id?: string; name?: string; type?: string } | string | undefined;
          const about = typeof object === "string" ? object : `${object?.type ?? ""} ${object?.name ?? object?.id ?? ""}`.trim();
          out(`${new Date().toISOString()}  ${d.activity.type} to ${d.inbox === "shared" ? "the shared inbox" : "its own inbox"}: ${about}  ${d.verified ? "(signature verified)" : `(NOT verified: ${d.problem})`}`);
        }
        shownCount = follower.deliveries.length;
      }, 250);
      await new Promise<void>((done) => process.once("SIGINT", done));
      clearInterval(timer);
      out(`Undo: the inbox answered ${await follower.undo()}.`);
      await follower.close();
      return;
    }
    default:
      throw new UsageError(USAGE);
  }
}

runAsCommand(import.meta.url, "scripts/fediverse.ts", run);
