/**
 * A progress line for a long build on a terminal: nothing for the first second (a small
 * newsroom builds in less), then `Reading content/: 12,345 of 20,000 files` rewritten in
 * place at most ten times a second, and erased when the build is done. Nothing at all when
 * the stream is not a terminal (CI logs, pipes, the tests' child processes).
 */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export const PROGRESS_AFTER_MS = 1000;
export const PROGRESS_EVERY_MS = 100;

export interface Progress {
  /** `done` of `total` files read. */
  update(done: number, total: number): void;
  /** Erases the line if one was shown. */
  end(): void;
}

export function progressLine(stream: ProgressStream, label: string, now: () => number = () => performance.now()): Progress {
  if (!stream.isTTY) return { update() {}, end() {} };
  const started = now();
  let shownAt: number | undefined;
  return {
    update(done, total) {
      const t = now();
      if (t - started < PROGRESS_AFTER_MS) return;
      if (shownAt !== undefined && t - shownAt < PROGRESS_EVERY_MS && done < total) return;
      shownAt = t;
      stream.write(`\r\x1b[K${label}: ${done.toLocaleString("en")} of ${total.toLocaleString("en")} files`);
    },
    end() {
      if (shownAt !== undefined) stream.write("\r\x1b[K");
    },
  };
}
