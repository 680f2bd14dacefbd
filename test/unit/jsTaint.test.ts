/**
 * Request-input taint (dataflow/javascript/taint.ts). Each snippet marks the expression under test as the
 * first argument of a call to `sink(...)`; the test asks whether it carries request input.
 */
import { describe, test, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { SyntaxDocument } from '../../server/src/analysis/parser';
import type { GrammarId } from '../../server/src/analysis/languages';
import { isRequestDerived, requestSource, type TaintOptions } from '../../server/src/analysis/dataflow/javascript/taint';
import { PATH_GUARD, REDIRECT_GUARD, REGEX_GUARD, REQUEST_GUARD } from '../../server/src/analysis/checks/javascript/webGuards';
import { sharedEngine } from '../helpers/engine';

const docs: SyntaxDocument[] = [];
after(() => docs.forEach((d) => d.dispose()));

async function sinkArgument(code: string, grammar: GrammarId = 'javascript'): Promise<Node> {
  const engine = await sharedEngine();
  const doc = new SyntaxDocument(engine.grammars, grammar, code);
  docs.push(doc);
  assert.equal(doc.tree.rootNode.hasError, false, `snippet does not parse:\n${code}`);
  const call = doc.tree.rootNode.descendantsOfType('call_expression').find((c) => c?.childForFieldName('function')?.text === 'sink');
  const arg = call?.childForFieldName('arguments')?.namedChildren[0];
  assert.ok(arg, `no sink(...) call in:\n${code}`);
  return arg;
}

async function tainted(code: string, options: TaintOptions = {}, grammar: GrammarId = 'javascript'): Promise<boolean> {
  return isRequestDerived(await sinkArgument(code, grammar), options);
}

function cases(title: string, expected: boolean, list: Array<string | [string, TaintOptions]>): void {
  describe(title, () => {
    for (const item of list) {
      const [code, options] = typeof item === 'string' ? [item, {}] : item;
      test(code.replace(/\s+/g, ' ').slice(0, 110), async () => {
        assert.equal(await tainted(code, options), expected, code);
      });
    }
  });
}

cases('direct request reads are sources', true, [
  'app.get("/", (req, res) => sink(req.query.next));',
  'app.get("/", (req, res) => sink(req.params.id));',
  'app.post("/", (req, res) => sink(req.body.url));',
  'app.get("/", (req, res) => sink(req.headers["x-target"]));',
  'app.get("/", (req, res) => sink(req.cookies.theme));',
  'app.get("/", (req, res) => sink(req.get("X-Forwarded-Url")));',
  'app.get("/", (req, res) => sink(req.originalUrl));',
  'fastify.get("/", async (request, reply) => sink(request.query.file));',
  'router.get("/", async (ctx) => sink(ctx.query.q));',
  'router.post("/", async (ctx) => sink(ctx.request.body.url));',
  'exports.handler = async (event) => sink(event.queryStringParameters.url);',
  'exports.handler = async (event) => sink(JSON.parse(event.body).name);',
  'app.get("/", (c) => sink(c.req.query("q")));',
  'export async function POST(request) { const body = await request.json(); sink(body.url); }',
  'export function GET(request) { sink(new URL(request.url).searchParams.get("next")); }',
  'const q = searchParams.get("q"); sink(q);',
  'sink(location.hash.slice(1));',
  'sink(window.location.search);',
  'sink(document.URL);',
  'function Page() { const params = useSearchParams(); sink(params.get("returnTo")); }',
  'function Page() { const router = useRouter(); sink(router.query.next); }',
]);

cases('non-input values are not sources', false, [
  'app.get("/", (req, res) => sink(req.method));',
  'app.get("/", (req, res) => sink(res.locals.user));',
  'function load(name) { sink(name); }',
  'const ctx = canvas.getContext("2d"); sink(ctx.fillStyle);',
  'sink(config.url);',
  'sink(process.env.API_URL);',
  'const request = require("request"); sink(request.get("https://example.com"));',
  'import request from "supertest"; sink(request.query);',
  'sink(location.origin);',
  'const location = getLocation(); sink(location.search);',
  'app.get("/", (req, res) => { const user = findUser(req.params.id); sink(user.avatarPath); });',
  'app.get("/", (req, res) => sink(req.query.next.length));',
  'app.get("/", (req, res) => sink(req.query.page === "2"));',
]);

cases('bindings carry taint', true, [
  'app.get("/", (req, res) => { const { next } = req.query; sink(next); });',
  'app.get("/", (req, res) => { const { next: target = "/" } = req.query; sink(target); });',
  'app.get("/", (req, res) => { const { query } = req; sink(query.next); });',
  'app.get("/", (req, res) => { const { query: { next } } = req; sink(next); });',
  'app.get("/", (req, res) => { let t = "/"; if (ok) t = req.query.t; sink(t); });',
  'app.get("/", (req, res) => { let t = req.query.t; t = t.trim(); sink(t); });',
  'app.get("/", (req, res) => { let t = "/app"; t += req.query.t; sink(t); });',
  'app.post("/", (req, res) => { for (const file of req.body.files) sink(file); });',
  'app.get("/", (req, res) => { const a = req.query.a; const b = a.trim(); const c = `x${b}`; sink(c); });',
  'app.get("/", (req, res) => { const [first] = req.query.ids.split(","); sink(first); });',
  'module.exports = () => ({ params }, res, next) => { sink(params.file); };',
  'export async function GET(req, { params }) { sink(params.slug); }',
  'export default function Page({ searchParams }) { sink(searchParams.next); }',
]);

cases('bindings that do not carry taint', false, [
  'app.get("/", (req, res) => { const { method } = req; sink(method); });',
  'app.get("/", (req, res) => { let t = req.query.t; t = "/home"; sink(t); });',
  'app.get("/", (req, res) => { const t = req.query.t; items.forEach((t) => sink(t)); });',
  'var a = b; var b = a; sink(a);',
  'app.get("/", (req, res) => { const next = "/" ; sink(next); });',
  'function buildUrl({ params, base }) { sink(params.path); }',
  'async function sendRequest(request) { sink(request.url); }',
  'export function GET(request) { const request2 = new Request("https://example.com"); sink(request2.url); }',
]);

cases('text-building calls propagate', true, [
  'app.get("/", (req, res) => sink(String(req.query.a)));',
  'app.get("/", (req, res) => sink(decodeURIComponent(req.params.p)));',
  'app.get("/", (req, res) => sink(req.query.p.trim().toLowerCase()));',
  'app.get("/", (req, res) => sink(path.join(__dirname, "files", req.params.name)));',
  'app.get("/", (req, res) => sink(url.resolve(BASE, req.query.p)));',
  'app.get("/", (req, res) => sink([BASE, req.query.p].join("/")));',
  'app.get("/", (req, res) => sink(req.query.a || "/"));',
  'app.get("/", (req, res) => sink(ok ? req.query.a : "/"));',
  'app.get("/", (req, res) => sink("/files/".concat(req.query.a)));',
  ['app.get("/", (req, res) => sink(path.basename(req.params.name)));', { sink: 'regex' }],
  ['app.get("/", (req, res) => sink(encodeURIComponent(req.params.name)));', { sink: 'path' }],
  ['app.get("/", (req, res) => sink(encodeURIComponent(req.params.name)));', { sink: 'regex' }],
]);

cases('sanitisers and unknown calls stop taint', false, [
  'app.get("/", (req, res) => sink(parseInt(req.params.id, 10)));',
  'app.get("/", (req, res) => sink(Number(req.query.page)));',
  'app.get("/", (req, res) => sink(Math.min(req.query.n, 10)));',
  'app.get("/", (req, res) => sink(validateRedirect(req.query.next)));',
  'app.get("/", (req, res) => sink(req.query.next.startsWith("/")));',
  ['app.get("/", (req, res) => sink(path.basename(req.params.name)));', { sink: 'path' }],
  ['app.get("/", (req, res) => { let f = req.params.f; f = path.basename(f); sink(f); });', { sink: 'path' }],
  ['app.get("/", (req, res) => sink(req.params.f.replace(/[^a-z0-9._-]/gi, "")));', { sink: 'path' }],
  ['app.get("/", (req, res) => sink(encodeURIComponent(req.query.next)));', { sink: 'redirect' }],
  ['app.get("/", (req, res) => sink(escapeRegExp(req.query.q)));', { sink: 'regex' }],
  ['app.get("/", (req, res) => sink(_.escapeRegExp(req.query.q)));', { sink: 'regex' }],
  ['app.get("/", (req, res) => sink(req.query.q.replace(/[.*+?^${}()|[\\]\\\\]/g, "\\\\$&")));', { sink: 'regex' }],
  ['app.get("/", (req, res) => sink(req.query.q.replace(/[^\\w\\s]/g, "")));', { sink: 'regex' }],
]);

cases('URL sinks: input after a fixed origin cannot change the host', false, [
  ['app.get("/", (req, res) => sink(`https://api.example.com/users/${req.params.id}`));', { sink: 'request' }],
  ['const API = "https://api.example.com"; app.get("/", (req, res) => sink(`${API}/users/${req.params.id}`));', { sink: 'request' }],
  ['app.get("/", (req, res) => sink(`${process.env.API_URL}/items?q=${req.query.q}`));', { sink: 'request' }],
  ['app.get("/", (req, res) => sink("https://api.example.com?q=" + req.query.q));', { sink: 'request' }],
  ['app.get("/", (req, res) => sink(new URL(`/users/${req.params.id}`, BASE)));', { sink: 'request' }],
  ['app.get("/", (req, res) => sink(`/app/${req.params.id}`));', { sink: 'redirect' }],
  ['app.get("/", (req, res) => sink("/login?next=" + req.originalUrl));', { sink: 'redirect' }],
  ['app.get("/", (req, res) => sink(`https://${req.headers.host}${req.url}`));', { sink: 'redirect' }],
  ['app.get("/", (req, res) => sink(req.protocol + "://" + req.get("host") + req.originalUrl));', { sink: 'redirect' }],
  ['app.get("/", (req, res) => sink("https://api.example.com/users/{id}".replace("{id}", req.params.id)));', { sink: 'request' }],
  ['app.get("/", (req, res) => sink(req.hostname));', { sink: 'redirect' }],
  ['sink(location.href.split("#")[0]);', { sink: 'redirect' }],
  ['sink(`${window.location.href}&page=2`);', { sink: 'redirect' }],
]);

cases('URL sinks: input that can choose the host', true, [
  ['app.get("/", (req, res) => sink(`https://${req.query.host}/health`));', { sink: 'request' }],
  ['const API = "https://api.example.com"; app.get("/", (req, res) => sink(API + req.query.path));', { sink: 'request' }],
  ['app.get("/", (req, res) => sink(`${req.body.webhook}/notify`));', { sink: 'request' }],
  ['app.get("/", (req, res) => sink(new URL(req.query.u, BASE)));', { sink: 'request' }],
  ['app.get("/", (req, res) => sink(`https://${req.headers.host}${req.url}`));', { sink: 'request' }],
  ['app.get("/", (req, res) => sink("/" + req.query.path));', { sink: 'redirect' }],
  ['app.get("/", (req, res) => sink(req.originalUrl));', { sink: 'redirect' }],
  ['app.get("/", (req, res) => sink(req.get("referer") || "/"));', { sink: 'redirect' }],
  ['sink(new URL(location.href).searchParams.get("next"));', { sink: 'redirect' }],
  ['sink(location.hash.slice(1));', { sink: 'redirect' }],
]);

describe('guards', () => {
  const hostGuard: TaintOptions['guard'] = (condition, names) =>
    condition.descendantsOfType('member_expression').some((m) => m?.childForFieldName('property')?.text === 'origin' && names.has(m.childForFieldName('object')?.text ?? ''));

  test('a checked variable is clean, an unchecked one is not', async () => {
    const checked = 'app.get("/", (req, res) => { const u = new URL(req.query.next, BASE); if (u.origin !== BASE) return; sink(u.href); });';
    const unchecked = 'app.get("/", (req, res) => { const u = new URL(req.query.next, BASE); if (u.pathname) log(u); sink(u.href); });';
    assert.equal(await tainted(checked, { sink: 'redirect', guard: hostGuard }), false);
    assert.equal(await tainted(unchecked, { sink: 'redirect', guard: hostGuard }), true);
    assert.equal(await tainted(checked, { sink: 'redirect' }), true, 'without a guard option nothing is assumed');
  });

  test('a check of a variable computed from the value counts for the value', async () => {
    const code = 'app.get("/", (req, res) => { const next = req.query.next; const u = new URL(next, BASE); if (u.origin !== BASE) return; sink(next); });';
    assert.equal(await tainted(code, { sink: 'redirect', guard: hostGuard }), false);
  });
});

describe('limits', () => {
  test('self-referencing and long chains terminate', async () => {
    const chain = Array.from({ length: 40 }, (_, i) => `const v${i + 1} = v${i};`).join(' ');
    const deep = `app.get("/", (req, res) => { const v0 = req.query.a; ${chain} sink(v40); });`;
    assert.equal(await tainted(deep), false, 'beyond the depth limit the answer is "clean"');
    const loop = 'app.get("/", (req, res) => { let a = req.query.a; a = a + a; a = a.trim() + a; sink(a); });';
    assert.equal(await tainted(loop), true);
  });

  test('the source reported is the most specific read', async () => {
    const arg = await sinkArgument('app.get("/", (req, res) => { const t = req.query.next || "/"; sink(t); });');
    assert.equal(requestSource(arg)?.text, 'req.query.next');
    const get = await sinkArgument('export function GET(request) { sink(request.nextUrl.searchParams.get("next")); }');
    assert.equal(requestSource(get)?.text, 'request.nextUrl.searchParams.get("next")');
  });

  test('TypeScript wrappers are transparent', async () => {
    const code = 'app.get("/", (req: Request, res: Response) => { const { file } = req.query as { file: string }; sink(file!); });';
    assert.equal(await tainted(code, {}, 'typescript'), true);
  });
});

describe('rule guards (checks/javascript/webGuards.ts) as taint barriers', () => {
  const H = (body: string) => `app.get("/", (req, res) => { ${body} });`;
  const table: Array<[string, TaintOptions, boolean]> = [
    [H('const next = req.query.next; if (!next.startsWith("/") || next.startsWith("//")) return; sink(next);'), { sink: 'redirect', guard: REDIRECT_GUARD }, false],
    [H('const next = req.query.next; if (next.startsWith("/")) sink(next);'), { sink: 'redirect', guard: REDIRECT_GUARD }, true],
    [H('const next = req.query.next; if (isSafeRedirect(next)) sink(next);'), { sink: 'redirect', guard: REDIRECT_GUARD }, false],
    [H('const next = req.query.next; if (isValidUrl(next)) sink(next);'), { sink: 'redirect', guard: REDIRECT_GUARD }, true],
    [H('const next = req.query.next; if (/^\\/(?!\\/)/.test(next)) sink(next);'), { sink: 'redirect', guard: REDIRECT_GUARD }, false],
    [H('const u = new URL(req.query.u); if (!ALLOWED.includes(u.hostname)) return; sink(u);'), { sink: 'request', guard: REQUEST_GUARD }, false],
    [H('const u = new URL(req.query.u); if (u.protocol !== "https:") return; sink(u);'), { sink: 'request', guard: REQUEST_GUARD }, true],
    [H('const full = path.resolve(BASE, req.params.p); if (!full.startsWith(BASE + path.sep)) return; sink(full);'), { sink: 'path', guard: PATH_GUARD }, false],
    [H('const full = path.resolve(BASE, req.params.p); const rel = path.relative(BASE, full); if (rel.startsWith("..")) return; sink(full);'), { sink: 'path', guard: PATH_GUARD }, false],
    [H('const full = path.resolve(BASE, req.params.p); if (!fs.existsSync(full)) return; sink(full);'), { sink: 'path', guard: PATH_GUARD }, true],
    [H('const q = req.query.q; if (!/^[\\w\\s-]+$/.test(q)) return; sink(q);'), { sink: 'regex', guard: REGEX_GUARD }, false],
    [H('const q = req.query.q; if (q.length > 50) return; sink(q);'), { sink: 'regex', guard: REGEX_GUARD }, true],
    // A ternary's own condition guards its branch; a condition that does not validate leaves it tainted.
    [H('const n = req.query.next; sink(n.startsWith("/") && !n.startsWith("//") ? n : "/");'), { sink: 'redirect', guard: REDIRECT_GUARD }, false],
    [H('const n = req.query.next; sink(n.length > 0 ? n : "/");'), { sink: 'redirect', guard: REDIRECT_GUARD }, true],
  ];
  for (const [code, options, expected] of table) {
    test(`${expected ? 'still tainted' : 'guarded'}: ${code.slice(30, 130)}`, async () => {
      assert.equal(await tainted(code, options), expected, code);
    });
  }
});

describe('URL resolution and uploads', () => {
  const H = (body: string) => `app.get("/", (req, res) => { ${body} });`;
  const table: Array<[string, TaintOptions, boolean]> = [
    // `new URL(path, base)`: a fixed relative path keeps the base's origin, and the request's own URL is ours.
    [H('sink(new URL("/login", req.url));'), { sink: 'redirect' }, false],
    [H('sink(new URL("https://api.example.com/v1", req.body.base));'), { sink: 'request' }, false],
    [H('sink(new URL("/v1/health", req.body.base));'), { sink: 'request' }, true],
    [H('sink(new URL(req.query.next, req.url));'), { sink: 'redirect' }, true],
    // multer / express-fileupload: the client names the file; the server picks the stored path.
    [H('sink(path.join(DIR, req.file.originalname));'), { sink: 'path' }, true],
    [H('sink(path.join(DIR, req.files.avatar.name));'), { sink: 'path' }, true],
    [H('sink(req.file.path);'), { sink: 'path' }, false],
    [H('sink(path.join(DIR, id + path.extname(req.file.originalname)));'), { sink: 'path' }, false],
  ];
  for (const [code, options, expected] of table) {
    test(`${expected ? 'tainted' : 'clean'}: ${code.slice(30, 130)}`, async () => {
      assert.equal(await tainted(code, options), expected, code);
    });
  }
});
