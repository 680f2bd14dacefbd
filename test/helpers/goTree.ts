/**
 * Go parse trees for tests, and a way to point at one node in them by a marker in the source text.
 */
import assert from 'node:assert/strict';
import type { Node, Tree } from 'web-tree-sitter';
import { Grammars } from '../../server/src/analysis/parser';
import { WASM_DIR } from './paths';

let grammars: Promise<Grammars> | undefined;

/** Loads the grammars once per test process; call it in `before`. */
export async function loadGoParser(): Promise<(source: string) => Tree> {
  const loaded = await (grammars ??= Grammars.load(WASM_DIR));
  return (source) => {
    const tree = loaded.newParser('go').parse(source);
    if (!tree) throw new Error('parse failed');
    return tree;
  };
}

/**
 * The smallest node of `type` covering the `nth` occurrence of `marker` (the text between « and »
 * when the marker has them, so `x := «y»` picks y in that statement).
 */
export function find(tree: Tree, marker: string, type: string, nth = 0): Node {
  const plain = marker.replace(/[«»]/g, '');
  const inner = marker.includes('«') ? marker.slice(marker.indexOf('«') + 1, marker.indexOf('»')) : plain;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = tree.rootNode.text.indexOf(plain, at + 1);
  assert.ok(at >= 0, `marker ${marker} not found`);
  const start = at + (marker.includes('«') ? marker.indexOf('«') : 0);
  let node: Node | null = tree.rootNode.descendantForIndex(start, start + inner.length);
  while (node && node.type !== type) node = node.parent;
  assert.ok(node, `no ${type} at ${marker}`);
  return node;
}

