// One build of a content folder at a time (src/content-build/build-lock.ts): a second build waits
// for the running one, saying so, and takes over the lock of one that is gone.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { uptime } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BuildLockError, withBuildLock } from "../../src/content-build/build-lock.js";
import { contentCacheDir } from "../../src/content-build/parse-cache.js";
import { articleFile, validFields } from "../helpers/fixtures.js";
import { tempFolders } from "../helpers/temp-folders.js";

const temp = tempFolders();
const repository = resolve(import.meta.dirname, "../..");

/** Processes a test started, killed after it whatever happened. */
const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) child.kill();
});
/** A process that runs until it is killed: another build, as far as the lock can tell. */
const holder = (): ChildProcess => {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  started.push(child);
  return child;
};
const exited = (child: ChildProcess) => new Promise<void>((done) => child.once("exit", () => done()));
/** The id of a process that has ended. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await exited(child);
  return child.pid!;
}

/** A build under the lock, polling every 10 ms: whether it has run yet, and its result once it holds the lock. */
function lockedRun<T>(lock: string, result: T, options: Parameters<typeof withBuildLock>[2]) {
  let ran = false;
  const done = withBuildLock(
    lock,
    async () => {
      ran = true;
      expect(readFileSync(lock, "utf8")).toBe(`${process.pid}\n`);
      return result;
    },
    { pollMs: 10, ...options },
  );
  return { done, ran: () => ran };
}

describe("the build lock", () => {
  it("waits while another running process holds it, then takes it once that process is gone", async () => {
    const lock = join(temp.make("lock-"), "x.lock");
    const other = holder();
    writeFileSync(lock, `${other.pid}\n`);
    const waited: number[] = [];
    const run = lockedRun(lock, 7, { onWait: (pid) => waited.push(pid) });
    await new Promise((wait) => setTimeout(wait, 150));
    expect(run.ran()).toBe(false);
    expect(waited).toEqual([other.pid]);
    other.kill();
    await exited(other);
    expect(await run.done).toBe(7);
    // Released when it is done.
    expect(existsSync(lock)).toBe(false);
  });

  it("takes over at once the lock of a process that is gone", async () => {
    const lock = join(temp.make("lock-"), "x.lock");
    writeFileSync(lock, `${await deadPid()}\n`);
    const waited: number[] = [];
    expect(await withBuildLock(lock, async () => "ran", { onWait: (pid) => waited.push(pid) })).toBe("ran");
    expect(waited).toEqual([]);
  });

  it("takes over a lock naming this very process, one older than the machine's boot, and an empty one left by a failed write", async () => {
    const dir = temp.make("lock-");
    const own = join(dir, "own.lock");
    writeFileSync(own, `${process.pid}\n`);
    expect(await withBuildLock(own, async () => "own")).toBe("own");
    // A running process's id, but written before the machine started: the id is another process's now.
    const other = holder();
    const old = join(dir, "old.lock");
    writeFileSync(old, `${other.pid}\n`);
    const beforeBoot = new Date(Date.now() - uptime() * 1000 - 60_000);
    utimesSync(old, beforeBoot, beforeBoot);
    expect(await withBuildLock(old, async () => "old", { patienceMs: 1000 })).toBe("old");
    const empty = join(dir, "empty.lock");
    writeFileSync(empty, "");
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(empty, minuteAgo, minuteAgo);
    expect(await withBuildLock(empty, async () => "empty", { patienceMs: 1000 })).toBe("empty");
  });

  it("takes a gone process's lock over only under its takeover file, which another build holding it makes this one wait for", async () => {
    const lock = join(temp.make("lock-"), "x.lock");
    const gone = await deadPid();
    writeFileSync(lock, `${gone}\n`);
    // Another build is taking the same lock over: it holds the takeover file.
    const other = holder();
    writeFileSync(`${lock}.takeover`, `${other.pid}\n`);
    const tookOver: (number | undefined)[] = [];
    const run = lockedRun(lock, "ran", { onTakeOver: (pid) => tookOver.push(pid) });
    await new Promise((wait) => setTimeout(wait, 150));
    expect(run.ran()).toBe(false);
    // The other build made its lock and let go of the takeover file: this one waits for that lock.
    writeFileSync(lock, `${other.pid}\n`);
    rmSync(`${lock}.takeover`);
    await new Promise((wait) => setTimeout(wait, 100));
    expect(run.ran()).toBe(false);
    expect(readFileSync(lock, "utf8")).toBe(`${other.pid}\n`);
    other.kill();
    await exited(other);
    expect(await run.done).toBe("ran");
    // Its lock was the other build's, alive, and then gone: taken over once, from the other build.
    expect(tookOver).toEqual([other.pid]);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
  });

  it("removes a takeover file its build left (it died holding it) and takes the lock over", async () => {
    const lock = join(temp.make("lock-"), "x.lock");
    const gone = await deadPid();
    writeFileSync(lock, `${gone}\n`);
    writeFileSync(`${lock}.takeover`, `${await deadPid()}\n`);
    const tookOver: (number | undefined)[] = [];
    expect(await withBuildLock(lock, async () => "ran", { pollMs: 10, onTakeOver: (pid) => tookOver.push(pid) })).toBe("ran");
    expect(tookOver).toEqual([gone]);
    expect(existsSync(`${lock}.takeover`)).toBe(false);
    expect(existsSync(lock)).toBe(false);
  });

  it("waits for an empty lock being written", async () => {
    const lock = join(temp.make("lock-"), "x.lock");
    writeFileSync(lock, "");
    await expect(withBuildLock(lock, async () => "ran", { pollMs: 10, patienceMs: 100 })).rejects.toThrow(BuildLockError);
  });

  it("gives up after its patience, naming the process and the lock, and runs nothing", async () => {
    const lock = join(temp.make("lock-"), "x.lock");
    const other = holder();
    try {
      writeFileSync(lock, `${other.pid}\n`);
      let ran = false;
      await expect(
        withBuildLock(
          lock,
          async () => {
            ran = true;
          },
          { pollMs: 10, patienceMs: 60 },
        ),
      ).rejects.toThrow(
        new BuildLockError(
          `another build of this content folder (process ${other.pid}) has run for over 0 s; if none is running, remove ${lock}`,
        ),
      );
      expect(ran).toBe(false);
      // Not its lock: left to its holder.
      expect(readFileSync(lock, "utf8")).toBe(`${other.pid}\n`);
    } finally {
      other.kill();
    }
  });

  it("keeps the CLI from building a content folder while another build of it runs", async () => {
    const content = temp.make("content-");
    writeFileSync(join(content, "story.md"), articleFile({ ...validFields(), published: "2026-11-01T00:00:00Z" }, "Story.\n"));
    const out = join(temp.make("out-"), "content.ts");
    const lock = `${contentCacheDir(repository, content).dir}.lock`;
    const other = holder();
    writeFileSync(lock, `${other.pid}\n`);
    const cli = spawn(process.execPath, ["--import", "tsx", "src/content-build/cli.ts", "--content", content, "--out", out, "--no-pages"], {
      cwd: repository,
    });
    let stderr = "";
    const said = new Promise<void>((heard) =>
      cli.stderr!.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes("Waiting for another build of")) heard();
      }),
    );
    started.push(cli);
    const status = new Promise<number | null>((done) => cli.once("exit", (code) => done(code)));
    try {
      // The CLI ending without waiting fails here at once.
      expect(await Promise.race([said.then(() => "waiting"), status.then((code) => `exited ${code}: ${stderr}`)])).toBe("waiting");
      expect(stderr).toContain(`(process ${other.pid})`);
      expect(existsSync(out)).toBe(false);
      other.kill();
      expect(await status).toBe(0);
      expect(existsSync(out)).toBe(true);
      expect(existsSync(lock)).toBe(false);
    } finally {
      other.kill();
      cli.kill();
    }
  });
});
