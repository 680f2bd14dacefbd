import { Engine } from '../../server/src/analysis/engine';
import { RULES_DIR, WASM_DIR } from './paths';

let shared: Promise<Engine> | undefined;

/** One engine over the repository's rules, shared by the tests of a file. */
export function sharedEngine(): Promise<Engine> {
  shared ??= Engine.create({ rulesDir: RULES_DIR, wasmDir: WASM_DIR });
  return shared;
}
