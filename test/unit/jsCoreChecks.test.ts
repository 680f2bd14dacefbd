/**
 * Precision and reach of the core JavaScript/TypeScript rules beyond their YAML examples: whole
 * realistic files that must stay clean, flows the value-following has to see through, the name
 * classifier, and the module and reference helpers the checks stand on.
 */
import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'web-tree-sitter';
import { SyntaxDocument } from '../../server/src/analysis/parser';
import { applyEdits } from '../../server/src/analysis/textEdits';
import type { Finding } from '../../server/src/analysis/types';
import { referencesTo, resolveBinding, stringParts } from '../../server/src/analysis/dataflow/javascript/bindings';
import { moduleOf } from '../../server/src/analysis/dataflow/javascript/modules';
import { namesComparedSecret, namesPassword, namesRandomSecret } from '../../server/src/analysis/checks/javascript/secretNames';
import { sharedEngine } from '../helpers/engine';

const CORE_RULES = new Set([
  'js-insecure-random', 'js-command-injection', 'js-sql-injection', 'js-dom-xss', 'js-tls-verification-disabled',
  'js-weak-hash-for-secrets', 'js-weak-cipher', 'js-static-iv', 'js-unsafe-deserialization', 'js-timing-unsafe-comparison',
]);

async function coreFindings(file: string, code: string): Promise<Finding[]> {
  const engine = await sharedEngine();
  return engine.scanText(file, code).filter((f) => CORE_RULES.has(f.ruleId));
}

function describeFindings(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} at ${f.range.start.line + 1}: ${f.message}`);
}

describe('realistic safe code stays clean', () => {
  test('an Express router with parameterised queries, jitter and an HMAC check', async () => {
    const code = `
import express from 'express';
import crypto from 'node:crypto';
import { pool } from './db.js';

const router = express.Router();
const SORTABLE = { newest: 'created_at DESC', title: 'title ASC' };

function backoff(attempt) {
  const jitter = Math.random() * 100;
  return Math.min(5000, 2 ** attempt * 200) + jitter;
}

router.get('/posts', async (req, res) => {
  const limit = Math.min(Number(req.query.limit) || 20, 100);
  const orderBy = SORTABLE[req.query.sort] ?? 'created_at DESC';
  const { rows } = await pool.query(
    \`SELECT id, title, author_id FROM posts WHERE published = $1 ORDER BY \${orderBy} LIMIT \${limit}\`,
    [true],
  );
  res.json(rows);
});

router.get('/posts/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM posts WHERE id = $1', [req.params.id]);
  if (rows.length === 0) return res.status(404).json({ error: 'Not found' });
  res.json(rows[0]);
});

router.post('/webhooks/billing', express.raw({ type: 'application/json' }), (req, res) => {
  const given = Buffer.from(req.get('x-billing-signature') ?? '', 'hex');
  const expected = crypto.createHmac('sha256', process.env.BILLING_SECRET).update(req.body).digest();
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return res.status(401).end();
  }
  setTimeout(() => retryQueue.flush(), backoff(1));
  res.status(204).end();
});

router.delete('/posts', async (req, res) => {
  const ids = req.body.ids.map(Number);
  const placeholders = ids.map((_, i) => \`$\${i + 1}\`).join(', ');
  await pool.query(\`DELETE FROM posts WHERE id IN (\${placeholders})\`, ids);
  res.status(204).end();
});

export default router;
`;
    assert.deepEqual(describeFindings(await coreFindings('src/routes/posts.js', code)), []);
  });

  test('a React component with random keys, confetti and sanitized markdown', async () => {
    const code = `
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo, useState } from 'react';

export function Notes({ notes }) {
  const [seed] = useState(() => Math.random());
  const [items, setItems] = useState(notes.map((n) => ({ ...n, key: Math.random().toString(36).slice(2) })));
  const html = useMemo(() => DOMPurify.sanitize(marked.parse(items.map((n) => n.body).join('\\n'))), [items]);
  const tilt = (seed - 0.5) * 4;
  return (
    <section style={{ transform: \`rotate(\${tilt}deg)\` }}>
      {items.map((n) => <article key={n.key} id={\`note-\${Math.random().toString(36).slice(2)}\`}>{n.title}</article>)}
      <div className="rendered" dangerouslySetInnerHTML={{ __html: html }} />
      <button onClick={() => setItems([...items].sort(() => Math.random() - 0.5))}>Shuffle</button>
    </section>
  );
}
`;
    assert.deepEqual(describeFindings(await coreFindings('src/Notes.jsx', code)), []);
  });

  test('regex.exec, db.exec and a shadowed exec are not child_process', async () => {
    const code = `
const Database = require('better-sqlite3');
const db = new Database('app.db');

function migrate(version) {
  db.exec(\`PRAGMA user_version = \${Number(version)}\`);
}

function parseLinks(text, exec) {
  const pattern = /\\[(.*?)\\]\\((.*?)\\)/g;
  const links = [];
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) links.push(m[2]);
  exec(\`echo \${links.length}\`);
  return links;
}
`;
    assert.deepEqual(describeFindings(await coreFindings('scripts/tools.js', code)), []);
  });

  test('MD5 checksums, ETags and cache keys are not password hashing', async () => {
    const code = `
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export async function fileChecksum(path: string): Promise<string> {
  return createHash('md5').update(await readFile(path)).digest('hex');
}

export function cacheKey(url: string, params: Record<string, string>): string {
  const hash = createHash('sha1');
  hash.update(url);
  hash.update(JSON.stringify(params));
  return hash.digest('base64url');
}
`;
    assert.deepEqual(describeFindings(await coreFindings('src/cache.ts', code)), []);
  });

  test('comparisons in a tokenizer and in form validation are not timing attacks', async () => {
    const code = `
export function validateSignup(form: { password: string; confirmPassword: string; token?: string }) {
  if (form.password !== form.confirmPassword) return 'Passwords do not match';
  if (form.token === undefined || form.token.length === 0) return 'Missing invite';
  return null;
}

export function tokenize(source: string) {
  const tokens = [];
  for (const token of source.split(/\\s+/)) {
    if (token === '' || tokens[tokens.length - 1]?.type === 'comment') continue;
    tokens.push({ type: token === '//' ? 'comment' : 'word', text: token });
  }
  return tokens;
}
`;
    assert.deepEqual(describeFindings(await coreFindings('src/forms.ts', code)), []);
  });

  test('a file-format signature is not a credential', async () => {
    const code = `
function readEntry(reader, expectedSignature) {
  const signature = reader.readString(4);
  if (signature !== expectedSignature) throw new Error('Corrupted zip: wrong signature');
  return reader.readInt(4);
}
`;
    assert.deepEqual(describeFindings(await coreFindings('lib/zipEntries.js', code)), []);
  });

  test('DES-ECB without an IV is a weak cipher, not a static IV', async () => {
    const code = `
const crypto = require('crypto');
function lmHashHalf(key, magic) {
  const des = crypto.createCipheriv('DES-ECB', key, '');
  return des.update(magic);
}
`;
    assert.deepEqual((await coreFindings('lib/ntlm.js', code)).map((f) => f.ruleId), ['js-weak-cipher']);
  });
});

describe('flows the rules follow', () => {
  test('the classic uuidv4 polyfill is reported where its result becomes a session id', async () => {
    const code = `
function uuidv4() {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    const v = c === 'x' ? r : (r & 0x3) | 0x8;
    return v.toString(16);
  });
}

export function startSession(res, user) {
  const sessionId = uuidv4();
  sessions.set(sessionId, user.id);
  res.cookie('sid', sessionId, { httpOnly: true });
}
`;
    const findings = await coreFindings('src/session.js', code);
    assert.deepEqual(findings.map((f) => f.ruleId), ['js-insecure-random']);
    assert.match(findings[0].message, /sessionId/);
  });

  test('the same polyfill used only for list keys is not reported', async () => {
    const code = `
function uuidv4() {
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (c) => {
    const r = (Math.random() * 16) | 0;
    return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16);
  });
}
export const addItem = (items, text) => [...items, { id: uuidv4(), text }];
`;
    assert.deepEqual(describeFindings(await coreFindings('src/items.js', code)), []);
  });

  test('a random value reaching a URL parameter through a template is reported and fixed as one token', async () => {
    const engine = await sharedEngine();
    const code = "const url = `${AUTH_URL}?client_id=${CLIENT_ID}&nonce=${Math.random().toString(36).substring(2, 12)}`;\n";
    const [finding] = engine.scanText('src/auth.js', code).filter((f) => f.ruleId === 'js-insecure-random');
    assert.ok(finding?.fixes?.[0], 'expected a finding with a fix');
    assert.equal(applyEdits(code, finding.fixes![0].edits), 'const url = `${AUTH_URL}?client_id=${CLIENT_ID}&nonce=${crypto.randomUUID()}`;\n');
  });

  test('a SQL string built in steps is followed to the query call', async () => {
    const code = `
export async function search(db, filters) {
  let sql = 'SELECT * FROM products WHERE 1 = 1';
  if (filters.brand) sql += " AND brand = '" + filters.brand + "'";
  return db.query(sql);
}
`;
    const findings = await coreFindings('src/search.js', code);
    assert.deepEqual(findings.map((f) => f.ruleId), ['js-sql-injection']);
    assert.match(findings[0].message, /filters\.brand/);
  });

  test('an exec renamed by destructuring is still child_process', async () => {
    const code = "const { exec: execCmd } = require('node:child_process');\nexecCmd(`tar -xzf ${archive} -C /srv/uploads`);\n";
    assert.deepEqual((await coreFindings('scripts/unpack.js', code)).map((f) => f.ruleId), ['js-command-injection']);
  });

  test('broken code does not crash the checks', async () => {
    const code = "const state = Math.random().toString(36\nexec(`ls ${dir}`\nel.innerHTML = `<b>${name}`;\nif (token === ) {}\n";
    await assert.doesNotReject(() => coreFindings('src/broken.js', code));
  });
});

describe('secret names', () => {
  test('random values: secrets by name, measures and bare ids are not', () => {
    for (const name of ['resetToken', 'oauth_state', 'csrfToken', 'sessionId', 'apiKey', 'inviteCode', 'otp', 'salt', 'X-CSRF-Token']) {
      assert.equal(namesRandomSecret(name, true), true, name);
    }
    for (const name of ['id', 'key', 'uuid', 'code', 'requestId', 'tokenCount', 'sessionTimeout', 'colorKey', 'auth']) {
      assert.equal(namesRandomSecret(name, true), false, name);
    }
    assert.equal(namesRandomSecret('state', false), false, 'a numeric state is a UI or simulation state');
  });

  test('passwords and compared secrets', () => {
    assert.equal(namesPassword('newPassword'), true);
    assert.equal(namesPassword('passwordResetToken'), false);
    assert.equal(namesPassword('passwordHint'), false);
    for (const name of ['expectedSignature', 'x-hub-signature-256', 'x-api-key', 'passwordHash', 'hashedPassword', 'authorization']) {
      assert.equal(namesComparedSecret(name), true, name);
    }
    for (const name of ['tokenType', 'signatureAlgorithm', 'secretName', 'password', 'fileHash', 'key']) {
      assert.equal(namesComparedSecret(name), false, name);
    }
  });
});

describe('data-flow helpers', () => {
  const docs: SyntaxDocument[] = [];
  after(() => docs.forEach((d) => d.dispose()));

  async function parse(code: string): Promise<Node> {
    const engine = await sharedEngine();
    const doc = new SyntaxDocument(engine.grammars, 'typescript', code);
    docs.push(doc);
    assert.equal(doc.tree.rootNode.hasError, false, `test code does not parse:\n${code}`);
    return doc.tree.rootNode;
  }

  function lastIdentifier(root: Node, name: string): Node {
    const found = root.descendantsOfType('identifier').filter((n): n is Node => n?.text === name);
    assert.ok(found.length > 0, `no identifier ${name}`);
    return found[found.length - 1];
  }

  test('moduleOf resolves imports, requires, destructuring and renames', async () => {
    const root = await parse(`
import cp, { execFile as ef } from 'node:child_process';
import * as yaml from 'js-yaml';
import fs = require('fs');
const { spawn } = require('child_process');
const run = require('child_process').exec;
cp; ef; yaml; fs; spawn; run;
`);
    assert.deepEqual(moduleOf(lastIdentifier(root, 'cp')), { source: 'child_process' });
    assert.deepEqual(moduleOf(lastIdentifier(root, 'ef')), { source: 'child_process', member: 'execFile' });
    assert.deepEqual(moduleOf(lastIdentifier(root, 'yaml')), { source: 'js-yaml' });
    assert.deepEqual(moduleOf(lastIdentifier(root, 'fs')), { source: 'fs' });
    assert.deepEqual(moduleOf(lastIdentifier(root, 'spawn')), { source: 'child_process', member: 'spawn' });
    assert.deepEqual(moduleOf(lastIdentifier(root, 'run')), { source: 'child_process', member: 'exec' });
  });

  test('referencesTo finds reads of the variable, not of a shadowing one', async () => {
    const root = await parse(`
const token = make();
send(token);
function other(token: string) { return token; }
log(token.length);
`);
    const declared = resolveBinding(lastIdentifier(root, 'token'), 'token');
    assert.ok(declared);
    const statementOf = (n: Node): string => (n.type === 'expression_statement' || !n.parent ? n.text : statementOf(n.parent));
    assert.deepEqual(referencesTo(declared, 'token').map(statementOf), ['send(token);', 'log(token.length);']);
  });

  test('stringParts follows let variables through += appends', async () => {
    const root = await parse("let sql = 'SELECT * FROM t WHERE a = 1';\nsql += ` AND b = ${b}`;\nrun(sql);\n");
    const parts = stringParts(lastIdentifier(root, 'sql')).map((p) => ('text' in p ? p.text : `<${p.expr.text}>`));
    assert.deepEqual(parts, ['SELECT * FROM t WHERE a = 1', ' AND b = ', '<b>', '']);
  });
});
