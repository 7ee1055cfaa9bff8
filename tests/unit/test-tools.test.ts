// Every program the suite runs besides Node must work: a missing browser, validator or
// reader fails here (and `npm test`'s pretest stops before any test runs), never skips.
import { describe, expect, it } from "vitest";
import { installCommand, TEST_TOOLS, toolProblem } from "../../scripts/test-tools.mjs";

describe("test tools", () => {
  it.each(TEST_TOOLS.map((tool) => [tool.name, tool] as const))("%s works", (_name, tool) => {
    expect(toolProblem(tool)).toBeUndefined();
  });

  it("reports a missing or failing tool, naming it", () => {
    const missing = {
      name: "nothing",
      pkg: "no-such-package",
      for: "this test",
      probe: ["/nonexistent/bin/tool", []] as [string, string[]],
    };
    expect(toolProblem(missing)).toBe("/nonexistent/bin/tool is not installed");
    const failing = { ...missing, probe: ["sh", ["-c", "echo broken >&2; exit 3"]] as [string, string[]] };
    expect(toolProblem(failing)).toBe("`sh -c echo broken >&2; exit 3` exited 3: broken");
    const killed = { ...missing, probe: ["sh", ["-c", "kill -9 $$"]] as [string, string[]] };
    expect(toolProblem(killed)).toBe("killed by SIGKILL");
  });

  it("names the one command that installs the missing packages", () => {
    const tools = TEST_TOOLS.filter((t) => t.name === "jing" || t.name === "java");
    expect(installCommand(tools, false)).toBe(
      "sudo apt-get update && sudo apt-get install -y --no-install-recommends default-jre-headless jing",
    );
    expect(installCommand(tools, true)).toBe("apt-get update && apt-get install -y --no-install-recommends default-jre-headless jing");
  });
});
