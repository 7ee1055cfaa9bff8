/**
 * One build of a content folder at a time. Two at once (an editor's `npm run build:content`
 * while `wrangler dev` rebuilds on a save) share the folder's build cache and its staging:
 * the second one's start empties the staging the first is moving packs out of, and the first
 * then stops halfway through writing the archive. So a build takes the folder's lock file (its
 * process id, created exclusively) before anything else, and a second one waits for it, saying
 * so; a lock whose process is gone (killed, the machine restarted) is taken over: its process
 * id runs no more, or the lock is older than the machine's boot (the id may be another process's
 * now, this build's own among them), or it is empty and not being written (a write that failed).
 *
 * Two builds that both find the same dead process's lock at the same instant could both take it
 * over; that needs a third build to have died holding it, and is not guarded against.
 */
import { closeSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { uptime } from "node:os";

/** A lock held longer than the build waits (`patienceMs`): named, with its process. */
export class BuildLockError extends Error {
  override name = "BuildLockError";
}

/** Whether a process with this id runs (on this machine; one of another user's counts). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The process id a lock file names, or undefined (being written, or not a lock). */
function holderOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, "utf8").trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock at `path`, naming `holder`, belongs to no running build. */
function isStale(path: string, holder: number | undefined): boolean {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    return false; // Gone meanwhile: the next try creates it.
  }
  // Written before the machine started: whatever runs with its id now is not that build.
  if (mtimeMs < Date.now() - uptime() * 1000 - 1000) return true;
  if (holder === undefined) return Date.now() - mtimeMs > EMPTY_LOCK_MS;
  return holder === process.pid || !isRunning(holder);
}
/** How long a lock may stay empty while its build writes its id (a few bytes). */
const EMPTY_LOCK_MS = 5000;

/**
 * Runs `run` holding the lock file at `path`: waits while another running process holds it
 * (`onWait` told its id once), up to `patienceMs`, then fails with `BuildLockError`.
 */
export async function withBuildLock<T>(
  path: string,
  run: () => Promise<T>,
  options: { onWait?: (pid: number) => void; pollMs?: number; patienceMs?: number } = {},
): Promise<T> {
  const { onWait, pollMs = 200, patienceMs = 10 * 60_000 } = options;
  const started = Date.now();
  let told = false;
  for (;;) {
    let fd: number | undefined;
    try {
      fd = openSync(path, "wx");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (fd !== undefined) {
      try {
        writeSync(fd, `${process.pid}\n`);
      } catch (error) {
        // Created but not written: not left for the next build to wait on.
        closeSync(fd);
        rmSync(path, { force: true });
        throw error;
      }
      closeSync(fd);
      break;
    }
    const holder = holderOf(path);
    if (isStale(path, holder)) {
      // Its build is gone: the lock is taken over.
      rmSync(path, { force: true });
      continue;
    }
    if (Date.now() - started > patienceMs)
      throw new BuildLockError(
        `another build of this content folder (process ${holder ?? "unknown"}) has run for over ${Math.round(patienceMs / 1000)} s; if none is running, remove ${path}`,
      );
    if (!told && holder !== undefined) {
      onWait?.(holder);
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    return await run();
  } finally {
    // Only this build's own lock (one taken over meanwhile is the other build's).
    if (holderOf(path) === process.pid) rmSync(path, { force: true });
  }
}
