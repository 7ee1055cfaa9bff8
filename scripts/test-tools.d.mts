// Types for test-tools.mjs (plain JavaScript, so npm's pretest runs it without a compiler).
export interface TestTool {
  name: string;
  pkg: string;
  for: string;
  probe: [string, string[]];
  files?: Record<string, string>;
}
export const chromiumPath: string;
export const debianPython: string;
export const TEST_TOOLS: TestTool[];
export function toolProblem(tool: TestTool): string | undefined;
export function missingTools(): { tool: TestTool; problem: string }[];
export function installCommand(tools: TestTool[], asRoot: boolean): string;
