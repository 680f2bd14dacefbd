/** py-jinja2-autoescape-off: a Jinja2 environment or template that renders HTML without escaping. */
import type { Node, Tree } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentOf, hasKeywordSplat, keywordArgument, unwrap } from '../../dataflow/python';
import { calleeIn, replaceWithin, stringValue, withKeywordArgument } from './common';

const JINJA_ENVIRONMENTS = new Set([
  'jinja2.Environment', 'jinja2.environment.Environment', 'jinja2.sandbox.SandboxedEnvironment', 'jinja2.Template',
  'jinja2.environment.Template',
]);

/**
 * A Jinja2 Environment/Template without autoescaping (the default) or with `autoescape=False`,
 * in a file that renders HTML. The fix sets `autoescape=True`.
 */
export const pyJinja2AutoescapeOff: Check = ({ match }) => {
  const callee = calleeIn(match, JINJA_ENVIRONMENTS);
  if (!callee || hasKeywordSplat(match)) return false;
  const setting = keywordArgument(match, 'autoescape');
  if (setting && setting.type !== 'false') return false; // True, select_autoescape(...), or a decision made elsewhere
  if (!rendersHtml(match, callee)) return false;
  const fixed = setting ? replaceWithin(match, setting, 'True') : withKeywordArgument(match, 'autoescape=True');
  const messageId = setting ? 'autoescape-false' : undefined;
  return { messageId, vars: { callee: callee.replace('jinja2.environment.', 'jinja2.'), fixed: fixed ?? match.text }, fixApplies: !!fixed };
};

const HTML_TEXT = /\.(x?html?|xml)\b|<\/?[a-zA-Z][\w-]*(\s[^<>]*)?\/?>|text\/html|HTMLResponse/;
const htmlEvidence = new WeakMap<Tree, boolean>();

/** A `Template("<p>…")` literal with tags; otherwise any HTML in the file (template names, tags, `text/html`). */
function rendersHtml(call: Node, callee: string): boolean {
  if (callee.endsWith('.Template')) {
    const source = argumentOf(call, 0, 'source');
    const text = source && stringValue(unwrap(source));
    if (text !== undefined && text !== null) return HTML_TEXT.test(text);
  }
  const tree = call.tree;
  let found = htmlEvidence.get(tree);
  if (found === undefined) {
    found = tree.rootNode.descendantsOfType(['string_content', 'identifier']).some((n) => !!n && HTML_TEXT.test(n.text));
    htmlEvidence.set(tree, found);
  }
  return found;
}
