#!/usr/bin/env node
/**
 * npm's `pretest`: makes sure every program the tests run is there before any test runs.
 * As root (CI, a fresh container) it installs the missing Debian packages with apt-get;
 * otherwise it stops at once with one message naming them and the command that installs
 * them. Run it by itself with `node scripts/test-deps.mjs`.
 */
import { spawnSync } from "node:child_process";
import { installCommand, missingTools } from "./test-tools.mjs";

const describe = (missing) => missing.map(({ tool, problem }) => `  ${tool.pkg} (${tool.name}, for ${tool.for}): ${problem}`).join("\n");

let missing = missingTools();
if (missing.length === 0) {
  console.log("test tools: all present");
  process.exit(0);
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
const tools = missing.map((m) => m.tool);

if (!isRoot || !hasApt) {
  console.error(
    `npm test needs these Debian packages, which are missing or broken:\n${describe(missing)}\n` +
      `Install them with:\n  ${installCommand(tools, isRoot)}\nthen run npm test again.`,
  );
  process.exit(1);
}

const pkgs = [...new Set(tools.map((t) => t.pkg))];
console.log(`test tools: installing ${pkgs.join(" ")} with apt-get`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
// Wait for another apt run (unattended upgrades, a parallel install) instead of failing on its lock.
const lock = ["-o", "DPkg::Lock::Timeout=600"];
for (const args of [
  [...lock, "update", "-qq"],
  [...lock, "install", "-y", "-qq", "--no-install-recommends", ...pkgs],
]) {
  const result = spawnSync("apt-get", args, { stdio: "inherit", env });
  if (result.status !== 0) {
    console.error(
      `test tools: \`apt-get ${args.join(" ")}\` failed (exit ${result.status ?? result.signal}); install them by hand:\n  ${installCommand(tools, true)}`,
    );
    process.exit(1);
  }
}

missing = missingTools();
if (missing.length > 0) {
  console.error(`test tools: still not usable after installing:\n${describe(missing)}`);
  process.exit(1);
}
console.log("test tools: all present");
