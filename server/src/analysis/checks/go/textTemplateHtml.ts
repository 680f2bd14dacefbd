/**
 * go-text-template-html: text/template used to produce HTML. text/template never escapes, so
 * `{{.Name}}` in an HTML page is stored/reflected XSS; html/template has the same API and escapes by
 * context. The rule reports the import only with evidence of HTML output, and offers the import swap
 * only when it is safe.
 */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentsOf, calleeOf, constantString, enclosingFunction, importsOf, packagePathOf, qualifiedType, resolveLocal, stringLiteralValue, unwrap } from '../../dataflow/go/bindings';
import { isRequestType } from '../../dataflow/go/request';

/** Package-level names both text/template and html/template export (text/template's ExecError is not one). */
const SHARED_API = new Set([
  'FuncMap', 'HTMLEscape', 'HTMLEscapeString', 'HTMLEscaper', 'IsTrue', 'JSEscape', 'JSEscapeString', 'JSEscaper',
  'Must', 'New', 'ParseFS', 'ParseFiles', 'ParseGlob', 'Template', 'URLQueryEscaper',
]);

const HTML_TAG = /<(!doctype|html|head|body|div|p|a|span|table|thead|tbody|tr|td|th|ul|ol|li|h[1-6]|form|input|button|script|style|img|br|hr|strong|em|b|i|section|main|nav|header|footer|title|meta|link|label|select|option|textarea|pre|code)(\s[^<>]*)?\/?>/i;
const HTML_FILE = /\.(html?|gohtml)$/i;

/** What shows the template makes HTML: the message id that says so, and whether the template text itself is HTML. */
interface Evidence { messageId: string; fromText: boolean }

/**
 * Which template package a receiver comes from: `tmpl` declared as `*template.Template`, or built
 * by `template.Must(template.New("x").Parse(…))` / `template.ParseFiles(…)`. Undefined when unknown.
 */
function templateOrigin(expr: Node, depth = 0): string | undefined {
  if (depth > 6) return undefined;
  const n = unwrap(expr);
  if (n.type === 'identifier') {
    const pkg = packagePathOf(n);
    if (pkg !== undefined) return pkg;
    const binding = resolveLocal(n, n.text);
    if (!binding) return undefined;
    const declared = qualifiedType(binding.type);
    if (declared) return declared.path;
    const source = binding.value ?? binding.tupleSource;
    return source ? templateOrigin(source, depth + 1) : undefined;
  }
  if (n.type === 'call_expression') {
    // Package functions and *Template methods (Parse, New, Funcs, Lookup…) all return a *Template.
    const fn = n.childForFieldName('function');
    const operand = fn?.type === 'selector_expression' ? fn.childForFieldName('operand') : null;
    return operand ? templateOrigin(operand, depth + 1) : undefined;
  }
  if (n.type === 'selector_expression') {
    const operand = n.childForFieldName('operand');
    return operand?.type === 'identifier' ? packagePathOf(operand) : undefined;
  }
  return undefined;
}

/** Ways web frameworks expose the response body: gin `c.Writer`, echo `c.Response().Writer`, fiber `c.Response().BodyWriter()`. */
const RESPONSE_ACCESSORS = new Set(['Writer', 'Response', 'BodyWriter']);

/**
 * An http.ResponseWriter, or the response of a framework context (gin, echo, fiber, fasthttp —
 * whose contexts are writers themselves); never the *http.Request.
 */
function isResponseWriter(writer: Node | undefined): boolean {
  let w = writer ? unwrap(writer) : undefined;
  while (w && w.type !== 'identifier') {
    const accessor = w.type === 'call_expression' && argumentsOf(w).length === 0 ? w.childForFieldName('function') : w;
    if (accessor?.type !== 'selector_expression' || !RESPONSE_ACCESSORS.has(accessor.childForFieldName('field')?.text ?? '')) return false;
    w = accessor.childForFieldName('operand') ?? undefined;
  }
  const binding = w ? resolveLocal(w, w.text) : undefined;
  const type = qualifiedType(binding?.type);
  if (type?.path === 'net/http') return type.name === 'ResponseWriter';
  return binding?.kind === 'parameter' && isRequestType(binding.type);
}

interface TemplateUse { evidence?: Evidence; otherWriters: number }

/** Looks at every template call in the file for signs that text/template produces HTML. */
function examineTemplateCalls(root: Node, htmlImported: boolean): TemplateUse {
  const use: TemplateUse = { otherWriters: 0 };
  for (const call of root.descendantsOfType('call_expression')) {
    const callee = call ? calleeOf(call) : undefined;
    if (!call || !callee?.receiver) continue;
    const origin = templateOrigin(callee.receiver);
    // With html/template also imported, only receivers traced to text/template count.
    if (origin !== 'text/template' && (origin !== undefined || htmlImported)) continue;
    const args = argumentsOf(call);
    if (callee.method === 'Execute' || callee.method === 'ExecuteTemplate') {
      if (isResponseWriter(args[0]) && !declaresOtherContentType(call)) use.evidence ??= { messageId: 'default', fromText: false };
      else use.otherWriters++;
    } else if (callee.method === 'Parse' && args[0] && HTML_TAG.test(constantString(args[0]) ?? '')) {
      use.evidence = { messageId: 'parses-html', fromText: true };
    } else if ((callee.method === 'ParseFiles' || callee.method === 'ParseGlob') && args.some((a) => HTML_FILE.test(constantString(a) ?? ''))) {
      use.evidence = { messageId: 'loads-html-files', fromText: true };
    }
  }
  return use;
}

/** Media types that are not HTML (xhtml excepted): CSV, plain text, JSON, YAML, XML downloads. */
const NON_HTML_TYPE = /^(text\/(plain|csv|tab-separated-values|css|javascript|markdown|calendar|xml|yaml)|application\/(?!xhtml)[\w.+-]+)\b/i;

/** The handler around `call` names a non-HTML media type (`w.Header().Set("Content-Type", "text/csv")`) and not text/html. */
function declaresOtherContentType(call: Node): boolean {
  const fn = enclosingFunction(call);
  const values = (fn ? fn.descendantsOfType('interpreted_string_literal') : []).map((s) => (s ? stringLiteralValue(s) ?? '' : ''));
  return values.some((v) => NON_HTML_TYPE.test(v)) && !values.some((v) => /^text\/html\b/i.test(v));
}

function setsHtmlContentType(root: Node): boolean {
  return root.descendantsOfType('interpreted_string_literal').some((s) => !!s && /^text\/html\b/i.test(stringLiteralValue(s) ?? ''));
}

/** True when every `template.X` the file names also exists in html/template. */
function usesSharedApiOnly(root: Node, local: string): boolean {
  for (const node of root.descendantsOfType(['selector_expression', 'qualified_type'])) {
    if (!node) continue;
    const pkg = node.type === 'qualified_type' ? node.childForFieldName('package') : node.childForFieldName('operand');
    const member = node.type === 'qualified_type' ? node.childForFieldName('name') : node.childForFieldName('field');
    if (pkg?.text === local && member && !SHARED_API.has(member.text)) return false;
  }
  return true;
}

/** Reported on the "text/template" import when the file renders HTML with it. */
export const goTextTemplateHtml: Check = ({ match }) => {
  const alias = match.parent?.childForFieldName('name');
  if (alias && alias.type !== 'package_identifier') return false; // dot and blank imports
  const local = alias?.text ?? 'template';
  const root = match.tree.rootNode;
  const htmlImported = [...importsOf(match).values()].includes('html/template');
  const use = examineTemplateCalls(root, htmlImported);
  const evidence = use.evidence ?? (!htmlImported && setsHtmlContentType(root) ? { messageId: 'serves-html', fromText: false } : undefined);
  if (!evidence) return false;
  // Swapping the import is safe when nothing else is named `template`, only shared API is used, and
  // no template output goes somewhere that might want unescaped text (a file, an email body).
  const fixApplies = !htmlImported && usesSharedApiOnly(root, local) && (evidence.fromText || use.otherWriters === 0);
  return { messageId: evidence.messageId, fixApplies };
};
