// Entry point that @vscode/test-electron loads in the extension host (extensionTestsPath).
import { runGearmanChecks } from './checks';

/** Runs the checks; a rejected promise makes VS Code exit non-zero, failing runTests. */
export async function run(): Promise<void> {
  const results = await runGearmanChecks();
  for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.detail}`);
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`${failed.length} check(s) failed: ${failed.map((r) => r.name).join('; ')}`);
}
