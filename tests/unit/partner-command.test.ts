// `npm run partner`: add, list, revoke and secret on a temporary `.dev.vars` (--file), as
// docs/partners.md tells staff to use them; the file holds only digests, never a token.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "dotenv";
import { describe, expect, it } from "vitest";
import { PRODUCTION_STEP, run } from "../../scripts/partner.js";
import { authenticate, partnersFromSecret } from "../../src/app/partner-feed.js";
import { PARTNER_KEYS_VAR, type PartnerKey, parsePartnerKeys, SECRET_MAX_BYTES, TOKEN_PREFIX } from "../../src/core/partner-keys.js";
import { tempFolders } from "../helpers/temp-folders.js";

const root = resolve(import.meta.dirname, "../..");
const folders = tempFolders();

async function partner(file: string, ...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  await run([...args, "--file", file], (line) => lines.push(line));
  return lines;
}

/** The secret's value as wrangler dev reads `.dev.vars` (dotenv, no expansion). */
function secretIn(file: string): string {
  return parse(readFileSync(file))[PARTNER_KEYS_VAR]!;
}

const keysIn = (file: string): PartnerKey[] => {
  const parsed = parsePartnerKeys(secretIn(file));
  if ("problem" in parsed) throw new Error(parsed.problem);
  return parsed.keys;
};

const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
const request = (token: string) =>
  new Request("https://news.example/partners/feed.json", { headers: { Authorization: `Bearer ${token}` } });

describe("npm run partner", () => {
  it("add makes a 256-bit token, prints it alone on the last line, and stores only its SHA-256 with the id and name", async () => {
    const file = join(folders.make("partner-"), ".dev.vars");
    const out = await partner(file, "add", "Daily Bugle");
    const token = out.at(-1)!;
    expect(token).toMatch(/^nrp_[A-Za-z0-9_-]{43}$/);
    // 43 base64url characters carry 258 bits, of which the last 2 are padding: 32 random bytes.
    expect(Buffer.from(token.slice(TOKEN_PREFIX.length), "base64url")).toHaveLength(32);
    expect(out.join("\n")).toContain(`npm run --silent partner -- secret | npx wrangler secret put ${PARTNER_KEYS_VAR}`);
    expect(out.slice(0, -1).join("\n")).not.toContain(token);
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 16));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [key] = keysIn(file);
    expect(key).toMatchObject({ name: "Daily Bugle", sha256: sha256(token) });
    expect(key!.id).toMatch(/^p-[0-9a-f]{8}$/);
    expect(out[0]).toContain(key!.id);
    // What the Worker makes of the stored value lets that token in, and no other.
    const partners = partnersFromSecret(secretIn(file));
    expect((await authenticate(request(token), partners))?.id).toBe(key!.id);
    // Another last character (a token ends in one of 16, A among them: the test must not pick its own).
    const other = `${token.slice(0, -1)}${token.endsWith("A") ? "E" : "A"}`;
    expect(other).not.toBe(token);
    expect(await authenticate(request(other), partners)).toBeUndefined();
  });

  it("two adds make two partners with different ids and tokens; list shows id, date and name, never a digest", async () => {
    const file = join(folders.make("partner-"), ".dev.vars");
    const a = (await partner(file, "add", "Daily Bugle")).at(-1)!;
    const b = (await partner(file, "add", "Daily Planet")).at(-1)!;
    expect(a).not.toBe(b);
    const keys = keysIn(file);
    expect(keys.map((k) => k.name)).toEqual(["Daily Bugle", "Daily Planet"]);
    expect(new Set(keys.map((k) => k.id)).size).toBe(2);
    const listed = await partner(file, "list");
    expect(listed).toEqual(keys.map((k) => `${k.id}  ${k.added}  ${k.name}`));
    for (const k of keys) expect(listed.join("\n")).not.toContain(k.sha256);
    expect(await partner(join(folders.make("partner-"), ".dev.vars"), "list")).toEqual([expect.stringMatching(/^No partners in /)]);
  });

  it("revoke removes the partner: the Worker refuses its token at once and still lets the other in", async () => {
    const file = join(folders.make("partner-"), ".dev.vars");
    const bugle = (await partner(file, "add", "Daily Bugle")).at(-1)!;
    const planet = (await partner(file, "add", "Daily Planet")).at(-1)!;
    const [gone] = keysIn(file);
    const out = await partner(file, "revoke", gone!.id);
    expect(out[0]).toBe(`Revoked ${gone!.id} (Daily Bugle): npm start refuses its token at once (it restarts to read the change).`);
    expect(keysIn(file).map((k) => k.name)).toEqual(["Daily Planet"]);
    const partners = partnersFromSecret(secretIn(file));
    expect(await authenticate(request(bugle), partners)).toBeUndefined();
    expect((await authenticate(request(planet), partners))?.name).toBe("Daily Planet");
    await expect(partner(file, "revoke", gone!.id)).rejects.toThrow(`has no partner ${gone!.id}`);
  });

  it("keeps the file's other lines, and writes a value dotenv reads back exactly, quotes and dollars in a name included", async () => {
    const dir = folders.make("partner-");
    const file = join(dir, ".dev.vars");
    writeFileSync(file, "# local secrets\nHUB_SECRET=abc\n");
    await partner(file, "add", `O'Brien's "Gazette" $HOME \${PATH}`);
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("# local secrets\nHUB_SECRET=abc\nPARTNER_KEYS='")).toBe(true);
    expect(parse(text).HUB_SECRET).toBe("abc");
    expect(keysIn(file)[0]!.name).toBe(`O'Brien's "Gazette" $HOME \${PATH}`);
    // secret prints the same value, alone, for `| npx wrangler secret put PARTNER_KEYS`.
    const secret = await partner(file, "secret");
    expect(secret).toHaveLength(1);
    expect(JSON.parse(secret[0]!)).toEqual(keysIn(file));
  });

  it("refuses a missing, empty, control-character or overlong name, an unknown command, and a damaged file, changing nothing", async () => {
    const file = join(folders.make("partner-"), ".dev.vars");
    await partner(file, "add", "Daily Bugle");
    const before = readFileSync(file, "utf8");
    await expect(partner(file, "add")).rejects.toThrow(`add needs the partner's name`);
    await expect(partner(file, "add", "   ")).rejects.toThrow(`add needs the partner's name`);
    await expect(partner(file, "add", "Daily", "Bugle")).rejects.toThrow("add takes one name (quote it)");
    await expect(partner(file, "add", "Bugle\nPARTNER_KEYS=[]")).rejects.toThrow("must not hold control characters");
    await expect(partner(file, "add", "x".repeat(101))).rejects.toThrow("at most 100 characters");
    await expect(partner(file, "remove", "p-00000000")).rejects.toThrow("Usage: npm run partner --");
    await expect(partner(file, "revoke")).rejects.toThrow("revoke needs one partner id");
    expect(readFileSync(file, "utf8")).toBe(before);
    writeFileSync(file, `PARTNER_KEYS='[{"id":"p-1","name":"x"}]'\n`);
    await expect(partner(file, "list")).rejects.toThrow("PARTNER_KEYS[0]: id must be p- and 8 hex digits");
    await expect(partner(file, "add", "Daily Planet")).rejects.toThrow("PARTNER_KEYS[0]: id must be p- and 8 hex digits");
    expect(readFileSync(file, "utf8")).toBe(`PARTNER_KEYS='[{"id":"p-1","name":"x"}]'\n`);
  });

  it("refuses to grow the list past what one Worker secret holds", async () => {
    const file = join(folders.make("partner-"), ".dev.vars");
    let added = 0;
    let error: unknown;
    try {
      for (; added < 200; added++) await partner(file, "add", `Partner number ${added} with a long enough name to fill it`);
    } catch (e) {
      error = e;
    }
    expect(String(error)).toContain(`more than a Worker secret holds (${SECRET_MAX_BYTES})`);
    expect(added).toBeGreaterThan(20);
    expect(Buffer.byteLength(secretIn(file))).toBeLessThanOrEqual(SECRET_MAX_BYTES);
    expect(keysIn(file)).toHaveLength(added);
  });

  it("through npm: the token alone on stdout's last line; the production step's stdout is the secret alone; a usage error exits 2", () => {
    const file = join(folders.make("partner-"), ".dev.vars");
    const npm = (...args: string[]) => spawnSync("npm", args, { cwd: root, encoding: "utf8" });
    const ok = npm("run", "partner", "--", "add", "Daily Bugle", "--file", file);
    expect(ok.status, ok.stderr).toBe(0);
    const token = ok.stdout.trimEnd().split("\n").at(-1)!;
    expect(keysIn(file)[0]!.sha256).toBe(sha256(token));
    // The left side of the printed step, exactly: what wrangler secret put reads on stdin.
    const step = PRODUCTION_STEP.split(" | ")[0]!.split(" ");
    expect(step.slice(0, 5)).toEqual(["npm", "run", "--silent", "partner", "--"]);
    const secret = npm(...step.slice(1), "--file", file);
    expect(secret.status, secret.stderr).toBe(0);
    expect(JSON.parse(secret.stdout.trim())).toEqual(keysIn(file));
    // Without --silent npm's banner would be in the value: the reason the step says it.
    expect(npm("run", "partner", "--", "secret", "--file", file).stdout).toMatch(/^\s*> newsfeed-edge@/);
    const bad = npm("run", "--silent", "partner", "--", "--file", file);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Usage: npm run partner --");
    expect(bad.stdout).toBe("");
  });

  it("refuses a file that sets PARTNER_KEYS twice or over several lines (dotenv keeps the last), changing nothing", async () => {
    const dir = folders.make("partner-");
    const twice = join(dir, "twice.vars");
    await partner(twice, "add", "Alpha");
    const one = readFileSync(twice, "utf8");
    writeFileSync(twice, `PARTNER_KEYS=\nOTHER=1\n${one}`);
    const before = readFileSync(twice, "utf8");
    const [alpha] = keysIn(twice);
    await expect(partner(twice, "revoke", alpha!.id)).rejects.toThrow(
      "sets PARTNER_KEYS on 2 lines (1, 3): keep one (the last is the one in force)",
    );
    await expect(partner(twice, "add", "Beta")).rejects.toThrow("sets PARTNER_KEYS on 2 lines");
    expect(readFileSync(twice, "utf8")).toBe(before);
    const multi = join(dir, "multi.vars");
    writeFileSync(multi, `PARTNER_KEYS="[\n]"\n`);
    expect(secretIn(multi)).toBe("[\n]");
    await expect(partner(multi, "add", "Beta")).rejects.toThrow(
      "the value of PARTNER_KEYS spans several lines (from line 1): write it on one",
    );
    expect(readFileSync(multi, "utf8")).toBe(`PARTNER_KEYS="[\n]"\n`);
  });
});
