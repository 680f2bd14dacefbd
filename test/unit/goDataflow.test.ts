/**
 * The Go data-flow helpers on real parse trees: import resolution (aliases, versioned paths,
 * shadowing), local declarations and their scopes, constant strings, request input, and where a
 * value flows (dataflow/go/flow.ts). How the injection checks judge built strings: goStringSafety.test.ts.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Tree } from 'web-tree-sitter';
import {
  assignmentsTo, constantString, defaultImportName, enclosingFunction, functionName, importedCall, importsOf,
  isConstantExpression, packagePathOf, resolveLocal, usesOf,
} from '../../server/src/analysis/dataflow/go/bindings';
import { isRequestDerived } from '../../server/src/analysis/dataflow/go/request';
import { findReach, findReachFromVariable } from '../../server/src/analysis/dataflow/go/flow';
import { find, loadGoParser } from '../helpers/goTree';

let parse: (source: string) => Tree;
before(async () => {
  parse = await loadGoParser();
});

describe('Go imports', () => {
  test('default names follow Go conventions for versioned and decorated paths', () => {
    assert.equal(defaultImportName('os/exec'), 'exec');
    assert.equal(defaultImportName('math/rand/v2'), 'rand');
    assert.equal(defaultImportName('github.com/jackc/pgx/v5'), 'pgx');
    assert.equal(defaultImportName('gopkg.in/yaml.v3'), 'yaml');
    assert.equal(defaultImportName('github.com/mattn/go-sqlite3'), 'sqlite3');
  });

  test('aliases, single imports and skipped blank/dot imports', () => {
    const tree = parse(`package p

import "fmt"

import (
	crand "crypto/rand"
	mrand "math/rand"
	_ "github.com/lib/pq"
	. "strings"
	"math/rand/v2"
)
`);
    assert.deepEqual(Object.fromEntries(importsOf(tree.rootNode)), {
      fmt: 'fmt', crand: 'crypto/rand', mrand: 'math/rand', rand: 'math/rand/v2',
    });
  });

  test('a package identifier resolves through its alias, and a local of the same name shadows it', () => {
    const tree = parse(`package p

import (
	crand "crypto/rand"
	"math/rand"
)

func a() int { return rand.Intn(10) }

func b(buf []byte) { crand.Read(buf) }

func c() int {
	rand := newSource()
	return rand.Intn(3)
}
`);
    assert.equal(packagePathOf(find(tree, '«rand».Intn(10)', 'identifier')), 'math/rand');
    assert.equal(packagePathOf(find(tree, '«crand».Read', 'identifier')), 'crypto/rand');
    assert.equal(packagePathOf(find(tree, '«rand».Intn(3)', 'identifier')), undefined);
    assert.deepEqual(importedCall(find(tree, 'rand.Intn(10)', 'call_expression')), { path: 'math/rand', name: 'Intn' });
    assert.equal(importedCall(find(tree, 'rand.Intn(3)', 'call_expression')), undefined);
  });
});

describe('Go local declarations', () => {
  const source = `package p

const (
	prefix = "user:"
	kindA  = iota
)

var shared = "pkg"

func handler(w http.ResponseWriter, r *http.Request, limit int) {
	q := "SELECT 1"
	var n int = 3
	a, err := load()
	if name := r.FormValue("name"); name != "" {
		q += " WHERE name = " + name
	}
	{
		q := "inner"
		use(q)
	}
	use(q, n, a, err, limit, shared, prefix, kindA)
	fn := func() string { return q }
	_ = fn
}
`;

  test(':= and var bindings carry their value and declared type', () => {
    const tree = parse(source);
    const q = resolveLocal(find(tree, 'use(«q», n', 'identifier'), 'q');
    assert.equal(q?.kind, 'short');
    assert.equal(q?.value?.text, '"SELECT 1"');
    const n = resolveLocal(find(tree, 'use(q, «n»', 'identifier'), 'n');
    assert.equal(n?.kind, 'var');
    assert.equal(n?.type?.text, 'int');
  });

  test('several names from one call keep the call as their tuple source', () => {
    const tree = parse(source);
    const a = resolveLocal(find(tree, 'use(q, n, «a»', 'identifier'), 'a');
    assert.equal(a?.value, undefined);
    assert.equal(a?.tupleSource?.text, 'load()');
  });

  test('parameters, package-level vars and consts (with or without a value)', () => {
    const tree = parse(source);
    const at = (name: string) => resolveLocal(find(tree, `«${name}», shared`, 'identifier'), name);
    assert.equal(at('limit')?.kind, 'parameter');
    assert.equal(resolveLocal(find(tree, '«shared», prefix', 'identifier'), 'shared')?.kind, 'var');
    assert.equal(resolveLocal(find(tree, '«prefix», kindA)', 'identifier'), 'prefix')?.kind, 'const');
    assert.equal(resolveLocal(find(tree, '«kindA»)', 'identifier'), 'kindA')?.kind, 'const');
    assert.equal(resolveLocal(find(tree, '«r».FormValue', 'identifier'), 'r')?.type?.text, '*http.Request');
  });

  test('if-initializer names are visible only inside the if; inner blocks shadow outer names', () => {
    const tree = parse(source);
    const name = resolveLocal(find(tree, '+ «name»', 'identifier'), 'name');
    assert.equal(name?.value?.text, 'r.FormValue("name")');
    assert.equal(resolveLocal(find(tree, 'use(«q»)', 'identifier'), 'q')?.value?.text, '"inner"');
    assert.equal(resolveLocal(find(tree, 'return «q»', 'identifier'), 'q')?.value?.text, '"SELECT 1"');
  });

  test('a name is not visible in its own initializer or before its declaration', () => {
    const tree = parse(`package p

func f(x string) {
	use(y)
	y := 1
	x := x + "!"
	_ = y
}
`);
    assert.equal(resolveLocal(find(tree, 'use(«y»)', 'identifier'), 'y'), undefined);
    assert.equal(resolveLocal(find(tree, 'x := «x» + "!"', 'identifier'), 'x')?.kind, 'parameter');
  });

  test('assignments and uses belong to the right binding', () => {
    const tree = parse(source);
    const q = resolveLocal(find(tree, 'use(«q», n', 'identifier'), 'q');
    assert.ok(q);
    assert.deepEqual(assignmentsTo(q).map((a) => `${a.operator} ${a.value.text}`), ['+= " WHERE name = " + name']);
    // The inner `q := "inner"` and its use are another variable; the closure's q is this one.
    const lines = source.split('\n');
    const row = (text: string) => lines.findIndex((line) => line.includes(text));
    assert.deepEqual(usesOf(q).map((u) => u.startPosition.row), [row('q += '), row('use(q, n'), row('return q')]);
  });

  test('function names for declarations, methods and closures assigned to a variable', () => {
    const tree = parse(`package p

func (s *Server) issueToken() string { return "" }

func outer() {
	makeKey := func() string { return "k" }
	_ = makeKey
}
`);
    assert.equal(functionName(enclosingFunction(find(tree, 'return ""', 'return_statement'))!), 'issueToken');
    assert.equal(functionName(enclosingFunction(find(tree, 'return "k"', 'return_statement'))!), 'makeKey');
  });
});

describe('Go constant expressions', () => {
  const source = `package p

import "fmt"

const table = "users"

func f(input string, id int) {
	a := "SELECT * FROM " + table
	b := \`raw \` + "text"
	c := fmt.Sprintf("%s-%d", table, 3)
	d := fmt.Sprintf("%s", input)
	e := "x"
	e = input
	g := a + " WHERE id = 1"
	h := "tab\\there"
	use(a, b, c, d, e, g, h, input, id, lookup(table))
}
`;
  const arg = (tree: Tree, name: string) => find(tree, `, «${name}», `, 'identifier');

  test('literals, consts, concatenations and Sprintf of constants are constant', () => {
    const tree = parse(source);
    for (const name of ['b', 'c', 'g']) assert.equal(isConstantExpression(arg(tree, name)), true, name);
    assert.equal(isConstantExpression(find(tree, 'use(«a»', 'identifier')), true);
  });

  test('parameters, reassigned locals, Sprintf of input and unknown calls are not', () => {
    const tree = parse(source);
    for (const name of ['d', 'e', 'input']) assert.equal(isConstantExpression(arg(tree, name)), false, name);
    assert.equal(isConstantExpression(find(tree, 'lookup(table)', 'call_expression')), false);
  });

  test('constantString evaluates literals, escapes and constant names', () => {
    const tree = parse(source);
    assert.equal(constantString(find(tree, 'use(«a»', 'identifier')), 'SELECT * FROM users');
    assert.equal(constantString(arg(tree, 'b')), 'raw text');
    assert.equal(constantString(arg(tree, 'h')), 'tab\there');
    assert.equal(constantString(arg(tree, 'd')), undefined);
  });
});

describe('Go request input', () => {
  test('values computed from an *http.Request or *gin.Context parameter, directly or via locals', () => {
    const tree = parse(`package p

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func h(w http.ResponseWriter, r *http.Request, name string) {
	host := r.URL.Query().Get("host")
	target := "ping " + host
	run(target, name, r.Header.Get("X-Cmd"))
}

func g(c *gin.Context) { run(c.Query("tool")) }
`);
    assert.equal(isRequestDerived(find(tree, 'run(«target»', 'identifier')), true);
    assert.equal(isRequestDerived(find(tree, 'r.Header.Get("X-Cmd")', 'call_expression')), true);
    assert.equal(isRequestDerived(find(tree, 'c.Query("tool")', 'call_expression')), true);
    assert.equal(isRequestDerived(find(tree, ', «name», r.Header', 'identifier')), false);
  });

  test('a struct the request body is bound or decoded into; not one decoded from a local file', () => {
    const tree = parse(`package p

import (
	"encoding/json"
	"net/http"
	"os"

	"github.com/gin-gonic/gin"
)

func bind(c *gin.Context) {
	var req Req
	c.ShouldBindJSON(&req)
	run(req.Cmd)
}

func decode(w http.ResponseWriter, r *http.Request) {
	var job Job
	json.NewDecoder(r.Body).Decode(&job)
	run(job.Script)
}

func local() {
	f, _ := os.Open("config.json")
	var cfg Config
	json.NewDecoder(f).Decode(&cfg)
	run(cfg.Editor)
}
`);
    assert.equal(isRequestDerived(find(tree, 'run(«req.Cmd»)', 'selector_expression')), true);
    assert.equal(isRequestDerived(find(tree, 'run(«job.Script»)', 'selector_expression')), true);
    assert.equal(isRequestDerived(find(tree, 'run(«cfg.Editor»)', 'selector_expression')), false);
  });
});

describe('Go value flow', () => {
  const source = `package p

import "math/rand"

const letters = "abcdefghijklmnopqrstuvwxyz0123456789"

func randomString(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = letters[rand.Intn(len(letters))]
	}
	return string(b)
}

func issue(u *User) {
	resetToken := randomString(32)
	u.Session = Session{Nonce: rand.Int63()}
	jitter := rand.Intn(100)
	backoff(jitter)
	server := servers[rand.Intn(len(servers))]
	connect(server)
	buf := make([]byte, 16)
	rand.Read(buf)
	apiKey := hex(buf)
	_ = apiKey
	_ = resetToken
}
`;
  const names = (seen: string[]) => (r: { name: string }) => {
    seen.push(r.name);
    return /token|nonce|key/i.test(r.name) ? 'found' : /jitter/i.test(r.name) ? 'stop' : 'follow';
  };

  test('a value stored into a buffer reaches the caller through the function result', () => {
    const tree = parse(source);
    const seen: string[] = [];
    const reach = findReach(find(tree, 'rand.Intn(len(letters))', 'call_expression'), names(seen));
    assert.equal(reach?.name, 'resetToken');
    assert.deepEqual(seen, ['b', 'randomString', 'resetToken']);
  });

  test('composite-literal keys and stopped names', () => {
    const tree = parse(source);
    assert.equal(findReach(find(tree, 'rand.Int63()', 'call_expression'), names([]))?.via, 'field');
    const seen: string[] = [];
    assert.equal(findReach(find(tree, 'rand.Intn(100)', 'call_expression'), names(seen)), undefined);
    assert.deepEqual(seen, ['jitter']);
  });

  test('an index into a list of existing things only picks one of them', () => {
    const tree = parse(source);
    const seen: string[] = [];
    assert.equal(findReach(find(tree, 'rand.Intn(len(servers))', 'call_expression'), names(seen)), undefined);
    assert.deepEqual(seen, []);
  });

  test('a buffer filled in place is followed to where it is stored', () => {
    const tree = parse(source);
    assert.equal(findReachFromVariable(find(tree, 'rand.Read(«buf»)', 'identifier'), names([]))?.name, 'apiKey');
    assert.equal(findReachFromVariable(find(tree, 'rand.Read(«buf»)', 'identifier'), names([]), 0), undefined);
  });
});
