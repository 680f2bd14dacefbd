/**
 * Unit tests of the Python data-flow helpers: scopes and reaching bindings, import/alias
 * resolution, constant expressions and request-input tracking.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { SyntaxDocument } from '../../server/src/analysis/parser';
import {
  argumentForParameter, callOrigins, calleeNames, isConstantExpression, isRequestDerived, localCallee, qualifiedName, qualifiedNames,
  reachingBindings, resolveName, returnedValues, splatKeyword, splatTargets,
} from '../../server/src/analysis/dataflow/python';
import { sharedEngine } from '../helpers/engine';

const docs: SyntaxDocument[] = [];
after(() => docs.forEach((d) => d.dispose()));

async function parse(code: string): Promise<Node> {
  const engine = await sharedEngine();
  const doc = new SyntaxDocument(engine.grammars, 'python', code);
  docs.push(doc);
  assert.equal(doc.tree.rootNode.hasError, false, `test code does not parse:\n${code}`);
  return doc.tree.rootNode;
}

/** The last node of `type` whose text is `text` (the use at the end of a snippet). */
function last(root: Node, type: string, text: string): Node {
  const found = root.descendantsOfType(type).filter((n): n is Node => !!n && n.text === text);
  const node = found[found.length - 1];
  assert.ok(node, `no ${type} "${text}" in the snippet`);
  return node;
}

/** The argument of the last call `sink(...)` in the snippet. */
async function sinkArgument(code: string): Promise<Node> {
  const root = await parse(code);
  const calls = root.descendantsOfType('call').filter((c): c is Node => c?.childForFieldName('function')?.text === 'sink');
  const arg = calls[calls.length - 1]?.childForFieldName('arguments')?.namedChildren[0];
  assert.ok(arg, 'no sink(...) call');
  return arg;
}

describe('python scopes', () => {
  test('a parameter shadows a module variable', async () => {
    const root = await parse('x = "a"\ndef f(x):\n    return x\n');
    const res = resolveName(last(root, 'identifier', 'x'), 'x');
    assert.equal(res?.scope.type, 'function_definition');
    assert.deepEqual(res?.bindings.map((b) => b.kind), ['parameter']);
  });

  test('a method does not see its class body, but sees the module', async () => {
    const root = await parse('y = 1\nclass C:\n    y = 2\n    def m(self):\n        return y\n');
    const res = resolveName(last(root, 'identifier', 'y'), 'y');
    assert.equal(res?.scope.type, 'module');
  });

  test('`global` sends the name to the module scope', async () => {
    const root = await parse('cmd = "ls"\ndef f():\n    global cmd\n    cmd = input()\n    run(cmd)\n');
    assert.equal(resolveName(last(root, 'identifier', 'cmd'), 'cmd')?.scope.type, 'module');
  });

  test('unbound names (builtins, unknown globals) resolve to nothing', async () => {
    const root = await parse('print(len("x"))\n');
    assert.equal(resolveName(last(root, 'identifier', 'len'), 'len'), undefined);
  });

  test('a later plain assignment hides an earlier one in straight-line code', async () => {
    const root = await parse('def f(a):\n    q = a\n    q = "SELECT 1"\n    run(q)\n');
    const reaching = reachingBindings(last(root, 'identifier', 'q'));
    assert.deepEqual(reaching.map((b) => b.value?.text), ['"SELECT 1"']);
  });

  test('an assignment in a branch joins the one before it; the other branch does not reach', async () => {
    const root = await parse('def f(a):\n    q = "x"\n    if a:\n        q = a\n    else:\n        q = "y"\n        run(q)\n    run(q)\n');
    const uses = root.descendantsOfType('identifier').filter((n): n is Node => n?.text === 'q');
    assert.deepEqual(reachingBindings(uses[uses.length - 1]).map((b) => b.value?.text), ['"x"', 'a', '"y"']);
    // Inside the else branch, its own assignment runs last on every path.
    assert.deepEqual(reachingBindings(uses[uses.length - 2]).map((b) => b.value?.text), ['"y"']);
  });

  test('augmented assignments accumulate; with/for/except bind too', async () => {
    const root = await parse('sql = "SELECT *"\nsql += " FROM t"\nwith open(p) as fh:\n    pass\nfor row in rows:\n    pass\nrun(sql, fh, row)\n');
    assert.deepEqual(reachingBindings(last(root, 'identifier', 'sql')).map((b) => b.kind), ['assignment', 'augmented']);
    assert.deepEqual(reachingBindings(last(root, 'identifier', 'fh')).map((b) => [b.kind, b.value?.text]), [['with', 'open(p)']]);
    assert.deepEqual(reachingBindings(last(root, 'identifier', 'row')).map((b) => [b.kind, b.value?.text]), [['for', 'rows']]);
  });

  test('tuple assignment pairs values; unpacking an unknown value does not', async () => {
    const root = await parse('a, b = "x", y\nc, d = pair()\nrun(a, b, c)\n');
    assert.deepEqual(reachingBindings(last(root, 'identifier', 'a')).map((b) => b.value?.text), ['"x"']);
    assert.deepEqual(reachingBindings(last(root, 'identifier', 'b')).map((b) => b.value?.text), ['y']);
    assert.deepEqual(reachingBindings(last(root, 'identifier', 'c')).map((b) => [b.kind, b.value]), [['unpacked', undefined]]);
  });

  test('inside a comprehension, assignments of the enclosing function are still ordered', async () => {
    const root = await parse('def f(x):\n    q = x\n    q = "a"\n    return [run(q) for _ in range(3)]\n');
    assert.deepEqual(reachingBindings(last(root, 'identifier', 'q')).map((b) => b.value?.text), ['"a"']);
  });

  test('a comprehension variable is local to the comprehension', async () => {
    const root = await parse('c = "abc"\nout = [c for c in items]\n');
    const inner = root.descendantsOfType('identifier').filter((n): n is Node => n?.text === 'c')[1];
    assert.deepEqual(reachingBindings(inner).map((b) => b.kind), ['comprehension']);
  });
});

describe('python import and alias resolution', () => {
  test('module aliases, from-imports and aliases of functions', async () => {
    const root = await parse([
      'import subprocess as sp',
      'from os import system, popen as po',
      'import os.path',
      'from yaml import load',
      'runner = sp.check_output',
      'sp.run(x); system(x); po(x); os.path.join(a); load(f); runner(x); eval(x)',
    ].join('\n'));
    const names = root.descendantsOfType('call').map((c) => (c ? calleeNames(c).join('|') : ''));
    assert.deepEqual(names, ['subprocess.run', 'os.system', 'os.popen', 'os.path.join', 'yaml.load', 'subprocess.check_output', 'eval']);
  });

  test('a local value is not a module; a locally defined function is not a builtin', async () => {
    const root = await parse('def eval(x):\n    return x\nsubprocess = make()\nsubprocess.run(x)\neval(y)\n');
    assert.equal(qualifiedName(last(root, 'attribute', 'subprocess.run')), undefined);
    assert.deepEqual(qualifiedNames(last(root, 'identifier', 'eval')), []);
  });

  test('alternative imports in try/except give every candidate', async () => {
    const root = await parse('try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\npickle.loads(b)\n');
    assert.deepEqual(qualifiedNames(last(root, 'attribute', 'pickle.loads')).sort(), ['cPickle.loads', 'pickle.loads']);
  });

  test('relative imports keep their dots', async () => {
    const root = await parse('from . import utils\nfrom .db import run\nutils.x()\nrun()\n');
    assert.equal(qualifiedName(last(root, 'attribute', 'utils.x')), '.utils.x');
    assert.equal(qualifiedName(last(root, 'identifier', 'run')), '.db.run');
  });

  test('callOrigins follows assignment, with-as and await', async () => {
    const root = await parse('import tarfile\nwith tarfile.open(p) as tar:\n    tar.extractall(d)\nt2 = tarfile.open(q)\nt2.close()\n');
    assert.deepEqual(callOrigins(last(root, 'identifier', 'tar')).map((c) => calleeNames(c)[0]), ['tarfile.open']);
    assert.deepEqual(callOrigins(last(root, 'identifier', 't2')).map((c) => c.text), ['tarfile.open(q)']);
  });
});

describe('python isConstantExpression', () => {
  const constant = [
    '"ls -la"',
    '"SELECT * " "FROM users"',
    'f"static text"',
    'f"{{literal braces}}"',
    '"a" + "b" * 3',
    '"%s-%s" % ("a", "b")',
    '["git", "status"]',
    '", ".join(["a", "b"])',
    '"{}".format("x")',
    'TABLE_NAME',
    'settings.TABLE_NAME',
    'string.ascii_letters + string.digits',
    'None',
    'COLUMNS[request.args["sort"]]',
    '{"name": "name", "date": "created_at"}.get(user_choice, "id")',
    'order if order in ("asc", "desc") else "asc"',
  ];
  for (const expr of constant) {
    test(`constant: ${expr}`, async () => {
      assert.equal(isConstantExpression(await sinkArgument(`import string\nsink(${expr})\n`)), true);
    });
  }

  const dynamic = [
    'name',
    'f"hello {name}"',
    '"ls " + path',
    '"%s" % user',
    '"{}".format(user)',
    'input()',
    'request.args["q"]',
    'os.environ["CMD"]',
    '[cmd, arg]',
    'lookup.get(key, "id")',
    'order if order in allowed else "asc"',
    'order if ok else "asc"',
    // Django's request dicts are UPPER_CASE like constants, but hold client input.
    'request.GET.get("q")',
    'request.POST["name"]',
    'self.request.META["HTTP_X_FORWARDED_FOR"]',
  ];
  for (const expr of dynamic) {
    test(`dynamic: ${expr}`, async () => {
      assert.equal(isConstantExpression(await sinkArgument(`sink(${expr})\n`)), false);
    });
  }

  test('names follow their assignments', async () => {
    assert.equal(isConstantExpression(await sinkArgument('base = "SELECT *"\nq = base + " FROM t"\nsink(q)\n')), true);
    assert.equal(isConstantExpression(await sinkArgument('def f(t):\n    q = "SELECT * FROM " + t\n    sink(q)\n')), false);
    assert.equal(isConstantExpression(await sinkArgument('def f(cmd):\n    sink(cmd)\n')), false);
    assert.equal(isConstantExpression(await sinkArgument('q = "a"\nif x:\n    q = y\nsink(q)\n')), false);
  });

  test('a loop variable over a constant collection is constant', async () => {
    assert.equal(isConstantExpression(await sinkArgument('for t in ("users", "orders"):\n    sink(f"SELECT COUNT(*) FROM {t}")\n')), true);
    assert.equal(isConstantExpression(await sinkArgument('for t in tables:\n    sink(f"SELECT COUNT(*) FROM {t}")\n')), false);
  });

  test('a list is constant only while everything appended to it is', async () => {
    assert.equal(isConstantExpression(await sinkArgument('parts = []\nparts.append("a")\nparts.extend(["b", "c"])\nsink(parts)\n')), true);
    assert.equal(isConstantExpression(await sinkArgument('def f(name):\n    parts = ["x"]\n    parts.append(f"n = {name}")\n    sink(" AND ".join(parts))\n')), false);
    assert.equal(isConstantExpression(await sinkArgument('def f(v):\n    parts = []\n    parts.insert(0, v)\n    sink(parts)\n')), false);
    // Another function's list of the same name does not count.
    assert.equal(isConstantExpression(await sinkArgument('def g(v):\n    parts = []\n    parts.append(v)\ndef f():\n    parts = []\n    sink(parts)\n')), true);
  });

  test('self-referencing assignments terminate', async () => {
    assert.equal(isConstantExpression(await sinkArgument('q = "a"\nwhile x:\n    q = q + q\nsink(q)\n')), true);
    assert.equal(isConstantExpression(await sinkArgument('q = q + y\nsink(q)\n')), false);
  });
});

describe('python isRequestDerived', () => {
  const derived = [
    'from flask import request\nsink(request.args.get("q"))',
    'from flask import request\nsink(request.form["name"])',
    'from flask import request\nsink(request.get_json()["expr"])',
    'from flask import request\nname = request.values.get("n", "")\nsink(f"hello {name.strip()}")',
    'def view(request):\n    sink(request.GET["id"])',
    'def view(request):\n    sink("id=" + request.POST.get("id"))',
    'async def view(request):\n    body = await request.json()\n    sink(body["cmd"])',
    'class V(View):\n    def get(self):\n        sink(self.request.GET.get("q"))',
    '@app.get("/items/{item_id}")\ndef read(item_id: str):\n    sink(item_id)',
    '@app.route("/u/<name>")\ndef user(name):\n    sink("SELECT %s" % name)',
  ];
  for (const code of derived) {
    test(`derived: ${code.split('\n').pop()}`, async () => {
      assert.equal(isRequestDerived(await sinkArgument(`${code}\n`)), true);
    });
  }

  const notDerived = [
    'from flask import request\nsink(request.method)',
    'def view(request):\n    sink(request.user.username)',
    'def helper(name):\n    sink(name)',
    '@app.get("/items")\ndef read(db: Session = Depends(get_db)):\n    sink(db)',
    'from flask import request\nsink(len(request.args))',
    'sink(os.environ["HOME"])',
  ];
  for (const code of notDerived) {
    test(`not derived: ${code.split('\n').pop()}`, async () => {
      assert.equal(isRequestDerived(await sinkArgument(`${code}\n`)), false);
    });
  }
});

describe('python keyword arguments through ** dicts', () => {
  test('splatKeyword reads a dict display or dict(...) spread directly or through a variable', async () => {
    const root = await parse('opts = {"shell": True}\nrun(c, **opts)\nrun(c, **dict(shell=False))\nrun(c, **{"check": True})\n');
    const [first, second, third] = root.descendantsOfType('call').filter((c): c is Node => c?.childForFieldName('function')?.text === 'run');
    assert.equal(first && splatKeyword(first, 'shell')?.text, 'True');
    assert.equal(second && splatKeyword(second, 'shell')?.text, 'False');
    assert.equal(third && splatKeyword(third, 'shell'), undefined);
  });

  test('splatTargets finds the calls a dict is spread into, in its own scope only', async () => {
    const root = await parse('def f(u):\n    kw = {"verify": False}\n    requests.get(u, **kw)\n    log(kw)\ndef g(u, kw):\n    post(u, **kw)\n');
    const dict = root.descendantsOfType('dictionary')[0];
    assert.ok(dict);
    // `g`'s `**kw` is its own parameter, not this dict.
    assert.deepEqual(splatTargets(dict).map((c) => c.childForFieldName('function')?.text), ['requests.get']);
  });
});

describe('python calls into functions of the same file', () => {
  test('a module function: its return values and the argument each parameter receives', async () => {
    const root = await parse('def q(table, col="id"):\n    if col:\n        return f"SELECT {col} FROM {table}"\n    return None\nq("users", col=c)\n');
    const call = root.descendantsOfType('call').find((c) => c?.childForFieldName('function')?.text === 'q');
    assert.ok(call);
    const fn = localCallee(call);
    assert.ok(fn);
    assert.deepEqual(returnedValues(fn).map((v) => v.text), ['f"SELECT {col} FROM {table}"', 'None']);
    assert.equal(argumentForParameter(call, fn, 'table')?.text, '"users"');
    assert.equal(argumentForParameter(call, fn, 'col')?.text, 'c');
  });

  test('self.method(...) resolves to the enclosing class; the receiver is not an argument', async () => {
    const root = await parse('class R:\n    def _w(self, v, op="="):\n        return f"x {op} {v}"\n    def run(self, v):\n        return self._w(v)\n');
    const call = root.descendantsOfType('call').find((c) => c?.childForFieldName('function')?.text === 'self._w');
    assert.ok(call);
    const fn = localCallee(call);
    assert.equal(fn?.childForFieldName('name')?.text, '_w');
    assert.equal(fn && argumentForParameter(call, fn, 'v')?.text, 'v');
    assert.equal(fn && argumentForParameter(call, fn, 'op')?.text, '"="');
  });

  test('a call to an imported or unknown function has no local callee', async () => {
    const root = await parse('from q import build\nbuild(x)\nunknown(x)\n');
    for (const call of root.descendantsOfType('call')) assert.equal(call && localCallee(call), undefined);
  });
});
