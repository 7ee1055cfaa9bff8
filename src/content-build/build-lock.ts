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
 * Taking a lock over is itself guarded: two builds that both find the same dead process's lock
 * could otherwise both remove "it", the second removing the lock the first had just made. So a
 * build takes the folder's takeover file (`<lock>.takeover`, created exclusively) first, looks
 * at the lock again while it holds it, and removes the lock and makes its own only if it is
 * still the stale one; a second build finding the takeover file waits its turn and then finds
 * the first one's live lock. A takeover file outlives its build only if that build died in the
 * few microseconds it holds it; it is then stale by the same rules as a lock, and removed.
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

/** Creates the file at `path` holding this process's id, or false when it exists already. */
function createHeld(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } catch (error) {
    // Created but not written: not left for the next build to wait on.
    closeSync(fd);
    rmSync(path, { force: true });
    throw error;
  }
  closeSync(fd);
  return true;
}

/**
 * Takes over the lock at `path`, judged stale, under its takeover file: true when this build
 * now holds the lock; false when another build took the lock or is taking it over (wait, and
 * look again).
 */
function takeOver(path: string): boolean {
  const guard = `${path}.takeover`;
  if (!createHeld(guard)) {
    // A takeover file whose build is gone (it died holding it) is removed; the next look takes it.
    if (isStale(guard, holderOf(guard))) rmSync(guard, { force: true });
    return false;
  }
  try {
    // Looked at again while no other build can take it over: still the stale one, or another's now.
    if (!isStale(path, holderOf(path))) return false;
    rmSync(path, { force: true });
    return createHeld(path);
  } finally {
    rmSync(guard, { force: true });
  }
}

/**
 * Runs `run` holding the lock file at `path`: waits while another running process holds it
 * (`onWait` told its id once), up to `patienceMs`, then fails with `BuildLockError`. A lock whose
 * build is gone is taken over (`onTakeOver` then told the gone process's id, when it named one).
 */
export async function withBuildLock<T>(
  path: string,
  run: () => Promise<T>,
  options: { onWait?: (pid: number) => void; onTakeOver?: (pid: number | undefined) => void; pollMs?: number; patienceMs?: number } = {},
): Promise<T> {
  const { onWait, onTakeOver, pollMs = 200, patienceMs = 10 * 60_000 } = options;
  const started = Date.now();
  let told = false;
  for (;;) {
    if (createHeld(path)) break;
    const holder = holderOf(path);
    const stale = isStale(path, holder);
    // Its build is gone: the lock is taken over, unless another build is taking it over too.
    if (stale && takeOver(path)) {
      onTakeOver?.(holder);
      break;
    }
    if (Date.now() - started > patienceMs)
      throw new BuildLockError(
        stale
          ? `another build is taking over the lock ${path} (its takeover file ${path}.takeover has stayed for over ${Math.round(patienceMs / 1000)} s); if none is running, remove both`
          : `another build of this content folder (process ${holder ?? "unknown"}) has run for over ${Math.round(patienceMs / 1000)} s; if none is running, remove ${path}`,
      );
    if (!told && !stale && holder !== undefined) {
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
