// Generates docs/rules/<id>.md (the page each diagnostic links to) and the rule table in README.md
// from rules/**/*.yaml. `--check` only verifies that the generated files are up to date.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const check = process.argv.includes('--check');
const LANGUAGE_NAMES = {
  javascript: 'JavaScript', typescript: 'TypeScript', python: 'Python', go: 'Go',
  markdown: 'Markdown', json: 'JSON', yaml: 'YAML', toml: 'TOML', shell: 'Shell', dockerfile: 'Dockerfile', text: 'text files', any: 'every text file',
};
const FENCE = { javascript: 'js', typescript: 'ts', python: 'python', go: 'go', markdown: 'markdown', json: 'json', yaml: 'yaml', toml: 'toml', shell: 'sh', dockerfile: 'dockerfile', text: 'text', any: 'text' };
const FENCE_OF_EXTENSION = { '.md': 'markdown', '.mdc': 'markdown', '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml', '.toml': 'toml', '.sh': 'sh', '.js': 'js', '.ts': 'ts', '.py': 'python', '.go': 'go' };

/** Invisible characters would vanish from the page: show each as its code point. */
function visible(code) {
  return code.replace(/[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u{e0000}-\u{e007f}\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/gu,
    (ch) => `⟨U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}

/**
 * Bad examples end the lines that must fire with a marker (`// ruleid: <rule>`); the loader strips
 * them before the examples run (server/src/analysis/rules/exampleMarkers.ts, same pattern), and the
 * pages show the code without them. test/unit/docs.test.ts checks no page shows one.
 */
const MARKER = /[ \t]*(?:\/\/|#|<!--)[ \t]*ruleid:[^\n]*?[ \t]*(?:-->)?[ \t]*$/gm;
function withoutMarkers(code) {
  return code.replace(MARKER, '');
}

function ruleFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'data' ? [] : ruleFiles(full);
    return /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

const rules = ruleFiles(path.join(root, 'rules'))
  .map((file) => ({ ...parse(fs.readFileSync(file, 'utf8')), file: path.relative(root, file) }))
  .sort((a, b) => a.id.localeCompare(b.id));

function cweLinks(cwe) {
  return (cwe ?? []).map((n) => `[CWE-${n}](https://cwe.mitre.org/data/definitions/${n}.html)`).join(', ') || '—';
}

function examples(rule, kind) {
  return rule.examples[kind]
    .map((ex) => {
      const code = typeof ex === 'string' ? ex : ex.code;
      const lang = typeof ex === 'string' ? rule.languages[0] : ex.language ?? rule.languages[0];
      const file = typeof ex === 'string' ? undefined : ex.path;
      const fence = (file && FENCE_OF_EXTENSION[path.extname(file).toLowerCase()]) ?? FENCE[lang];
      return (file ? `\`${file}\`:\n\n` : '') + '```' + fence + '\n' + visible(withoutMarkers(code).trimEnd()) + '\n```';
    })
    .join('\n\n');
}

function rulePage(rule) {
  return [
    `# ${rule.id}: ${rule.title}`,
    '',
    `| | |`,
    `|---|---|`,
    `| Severity | ${rule.severity} |`,
    `| Languages | ${rule.languages.map((l) => LANGUAGE_NAMES[l]).join(', ')} |`,
    `| Category | ${rule.category} |`,
    `| CWE | ${cweLinks(rule.cwe)} |`,
    `| Quick fix | ${rule.fix ? rule.fix.title : rule.fixes ? rule.fixes.join('; ') : 'no'} |`,
    `| Source | \`${rule.file}\` |`,
    '',
    '## Why',
    '',
    rule.docs.trim(),
    '',
    '## Reported',
    '',
    examples(rule, 'bad'),
    '',
    '## Not reported',
    '',
    examples(rule, 'good'),
    '',
    `Silence one finding, with a reason: \`ai-guard-ignore-next-line ${rule.id} -- <reason>\` in a comment on the line above.`,
    '',
  ].join('\n');
}

function readmeTable() {
  const rows = rules.map((r) => `| [\`${r.id}\`](docs/rules/${r.id}.md) | ${r.title} | ${r.languages.map((l) => LANGUAGE_NAMES[l]).join(', ')} | ${r.severity} | ${(r.cwe ?? []).map((n) => `CWE-${n}`).join(', ') || '—'} | ${r.fix || r.fixes ? 'yes' : ''} |`);
  return ['| Rule | What it finds | Languages | Severity | CWE | Fix |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

function settingsTable() {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const properties = manifest.contributes?.configuration?.properties ?? {};
  const rows = Object.entries(properties).map(([key, p]) => {
    const description = (p.markdownDescription ?? p.description ?? '').replace(/\n+/g, ' ').replace(/\|/g, '\\|');
    return `| \`${key}\` | \`${JSON.stringify(p.default)}\` | ${description} |`;
  });
  return ['| Setting | Default | Description |', '|---|---|---|', ...rows].join('\n');
}

const outputs = new Map();
for (const rule of rules) outputs.set(path.join(root, 'docs', 'rules', `${rule.id}.md`), rulePage(rule));
// Checks that are not tree-sitter rules (region and gate checks) have hand-written pages.
const builtinDir = path.join(root, 'docs', 'builtin-rules');
for (const page of fs.existsSync(builtinDir) ? fs.readdirSync(builtinDir) : []) {
  outputs.set(path.join(root, 'docs', 'rules', page), fs.readFileSync(path.join(builtinDir, page), 'utf8'));
}
const readmePath = path.join(root, 'README.md');
if (fs.existsSync(readmePath)) {
  const readme = fs.readFileSync(readmePath, 'utf8');
  const replaced = readme.replace(/(<!-- rules:start -->)[\s\S]*?(<!-- rules:end -->)/, `$1\n${readmeTable()}\n$2`);
  const withSettings = replaced.replace(/(<!-- settings:start -->)[\s\S]*?(<!-- settings:end -->)/, `$1\n${settingsTable()}\n$2`);
  outputs.set(readmePath, withSettings.replace(/<!-- rules:count -->\d*/, `<!-- rules:count -->${rules.length}`));
}

const docsDir = path.join(root, 'docs', 'rules');
const stale = fs.existsSync(docsDir) ? fs.readdirSync(docsDir).map((f) => path.join(docsDir, f)).filter((f) => !outputs.has(f)) : [];
const changed = [...outputs].filter(([file, text]) => !fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text).map(([file]) => file);

if (check) {
  const problems = [...changed.map((f) => `out of date: ${path.relative(root, f)}`), ...stale.map((f) => `no longer generated: ${path.relative(root, f)}`)];
  if (problems.length) {
    console.error(`${problems.join('\n')}\nRun \`npm run docs\` and commit the result.`);
    process.exit(1);
  }
  console.log(`docs are current (${rules.length} rules)`);
} else {
  fs.mkdirSync(docsDir, { recursive: true });
  for (const file of changed) fs.writeFileSync(file, outputs.get(file));
  for (const file of stale) fs.rmSync(file);
  console.log(`wrote ${changed.length} file(s), removed ${stale.length}; ${rules.length} rules`);
}
