/**
 * How the Go injection checks judge a built string (checks/go/stringSafety.ts): constants, placeholders,
 * sanitisers, builders, same-file helpers, tables of constants and long `q = q + …` chains.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import type { Tree } from 'web-tree-sitter';
import { stringSafety } from '../../server/src/analysis/checks/go/stringSafety';
import { find, loadGoParser } from '../helpers/goTree';

let parse: (source: string) => Tree;
before(async () => {
  parse = await loadGoParser();
});

describe('Go string safety (how injection checks judge built text)', () => {
  const source = `package p

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/lib/pq"
)

func f(name string, limit int, ids []string, raw string) {
	a := fmt.Sprintf("LIMIT %d", limit)
	b := fmt.Sprintf("name = '%s'", name)
	c := "x = " + strconv.Itoa(len(ids))
	d := "t = " + pq.QuoteIdentifier(name)
	var marks []string
	for i := range ids {
		marks = append(marks, fmt.Sprintf("$%d", i+1))
	}
	e := strings.Join(marks, ",")
	g := strings.Repeat(raw, 2)
	use(a, b, c, d, e, g)
}
`;
  const sql = { 'github.com/lib/pq': new Set(['QuoteIdentifier']) };
  const at = (tree: Tree, name: string) => find(tree, `, «${name}»`, 'identifier');

  test('numbers, placeholders and sanitised values are safe; raw strings are dynamic', () => {
    const tree = parse(source);
    assert.equal(stringSafety(find(tree, 'use(«a»', 'identifier'), sql), 'safe');
    for (const name of ['c', 'd', 'e']) assert.equal(stringSafety(at(tree, name), sql), 'safe', name);
    for (const name of ['b', 'g']) assert.equal(stringSafety(at(tree, name), sql), 'dynamic', name);
  });

  test('a sanitiser counts only for the sink it is given', () => {
    const tree = parse(source);
    assert.equal(stringSafety(at(tree, 'd'), {}), 'dynamic');
  });

  test('a strings.Builder is as safe as what is written into it, fmt.Fprintf included', () => {
    const tree = parse(`package p

import (
	"fmt"
	"strings"
)

func f(name string, args []any) {
	var bad strings.Builder
	bad.WriteString("SELECT 1 WHERE 1=1")
	fmt.Fprintf(&bad, " AND name = '%s'", name)
	good := &strings.Builder{}
	good.WriteString("SELECT 1 WHERE 1=1")
	fmt.Fprintf(good, " AND name = $%d", len(args))
	use(bad.String(), good.String())
}
`);
    assert.equal(stringSafety(find(tree, 'use(«bad.String()»', 'call_expression'), sql), 'dynamic');
    assert.notEqual(stringSafety(find(tree, '«good.String()»)', 'call_expression'), sql), 'dynamic');
  });

  test('a helper function is judged by what it returns for the arguments of this call', () => {
    const tree = parse(`package p

import "fmt"

func where(field, value string) string {
	return fmt.Sprintf(" WHERE %s = '%s'", field, value)
}

func f(input string) {
	use(where("id", "1"), where("name", input))
}
`);
    assert.equal(stringSafety(find(tree, 'where("id", "1")', 'call_expression'), sql), 'constant');
    assert.equal(stringSafety(find(tree, 'where("name", input)', 'call_expression'), sql), 'dynamic');
  });

  test('an element of a table of constants is constant; a variable filled through & is dynamic', () => {
    const tree = parse(`package p

func f(key string, rows Rows) {
	cols := map[string]string{"name": "name", "created": "created_at"}
	col, ok := cols[key]
	mixed := map[string]string{"name": key}
	var scanned string
	rows.Scan(&scanned)
	use(col, mixed[key], scanned, ok)
}
`);
    assert.equal(stringSafety(find(tree, 'use(«col»', 'identifier'), sql), 'constant');
    assert.equal(stringSafety(find(tree, '«mixed[key]», scanned', 'index_expression'), sql), 'dynamic');
    assert.equal(stringSafety(find(tree, ', «scanned», ok)', 'identifier'), sql), 'dynamic');
  });

  // The timeout only guards against a hang (re-expanding q at every step is exponential); speed is measured in `npm run bench`.
  test('a query grown step by step (`q = q + …`) is judged once per local, however long the chain', { timeout: 30_000 }, () => {
    const steps = Array.from({ length: 40 }, (_, i) => `\tq = q + " AND c${i} = 1"\n`).join('');
    const tree = parse(`package p\n\nfunc f(name string) {\n\tq := "SELECT 1 WHERE 1=1"\n${steps}\tq = q + name\n\tuse(q)\n}\n`);
    assert.equal(stringSafety(find(tree, 'use(«q»)', 'identifier'), sql), 'dynamic');
  });
});

