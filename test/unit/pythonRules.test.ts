/**
 * Precision and reach of the Python rules beyond their YAML examples: whole realistic files that
 * must stay clean, flows the checks have to follow, the exact text of fixes, and the secret-name
 * classifier.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/analysis/textEdits';
import type { Finding } from '../../server/src/analysis/types';
import { isSecretName } from '../../server/src/analysis/checks/python/insecureRandom';
import { sharedEngine } from '../helpers/engine';

async function pyFindings(code: string): Promise<Finding[]> {
  const engine = await sharedEngine();
  return engine.scanText('app/service.py', code).filter((f) => f.ruleId.startsWith('py-'));
}

function describeFindings(findings: Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} at ${f.range.start.line + 1}: ${f.message}`);
}

/** The code after applying the fix of the only finding of `ruleId`. */
async function fixed(code: string, ruleId: string): Promise<string> {
  const finding = (await pyFindings(code)).filter((f) => f.ruleId === ruleId);
  assert.equal(finding.length, 1, `expected one ${ruleId} finding, got ${describeFindings(finding).join('; ')}`);
  assert.ok(finding[0].fixes?.[0], `${ruleId} offered no fix`);
  return applyEdits(code, finding[0].fixes![0].edits);
}

describe('realistic safe Python stays clean', () => {
  test('a Flask API with parameterised SQL, an allow-listed sort column and env-controlled debug', async () => {
    const code = `
import os
import secrets
import sqlite3
import subprocess

import requests
from flask import Flask, abort, g, jsonify, request
from werkzeug.security import check_password_hash, generate_password_hash

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", secrets.token_hex(32))
app.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"
DATABASE = os.path.join(os.path.dirname(__file__), "app.db")
SORTABLE = {"created": "created_at", "name": "name"}


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
    return g.db


@app.route("/register", methods=["POST"])
def register():
    payload = request.get_json()
    password_hash = generate_password_hash(payload["password"])
    get_db().execute("INSERT INTO users (email, password_hash) VALUES (?, ?)", (payload["email"], password_hash))
    return jsonify(status="created"), 201


@app.route("/login", methods=["POST"])
def login():
    payload = request.get_json()
    row = get_db().execute("SELECT id, password_hash FROM users WHERE email = ?", (payload["email"],)).fetchone()
    if row is None or not check_password_hash(row[1], payload["password"]):
        abort(401)
    return jsonify(token=secrets.token_urlsafe(32))


@app.route("/items")
def list_items():
    column = SORTABLE.get(request.args.get("sort", ""), "created_at")
    direction = request.args.get("dir", "asc")
    direction = direction if direction in ("asc", "desc") else "asc"
    rows = get_db().execute(f"SELECT * FROM items ORDER BY {column} {direction}").fetchall()
    return jsonify(rows)


@app.route("/weather")
def weather():
    resp = requests.get("https://api.example.com/weather", params={"q": request.args.get("city")}, timeout=5)
    resp.raise_for_status()
    return jsonify(resp.json())


@app.route("/git-log")
def git_log():
    out = subprocess.run(["git", "log", "--oneline", request.args.get("branch", "main")], capture_output=True, text=True)
    return jsonify(out.stdout.splitlines())


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")), debug=os.environ.get("FLASK_DEBUG") == "1")
`;
    assert.deepEqual(describeFindings(await pyFindings(code)), []);
  });

  test('a FastAPI service with SQLAlchemy text() parameters, safe YAML and hashing for cache keys', async () => {
    const code = `
import hashlib
import random
import uuid

import httpx
import yaml
from fastapi import Depends, FastAPI
from sqlalchemy import text
from sqlalchemy.orm import Session

app = FastAPI()


@app.get("/items/{item_id}")
def read_item(item_id: int, db: Session = Depends(get_db)):
    return db.execute(text("SELECT * FROM items WHERE id = :id"), {"id": item_id}).first()


@app.get("/search")
def search(q: str = "", limit: int = 10, db: Session = Depends(get_db)):
    stmt = text("SELECT * FROM items WHERE name ILIKE :q LIMIT :limit")
    return db.execute(stmt, {"q": f"%{q}%", "limit": limit}).all()


@app.post("/config")
def upload_config(body: str):
    return {"keys": list(yaml.safe_load(body))}


@app.get("/status")
async def status(url: str):
    async with httpx.AsyncClient(timeout=10) as client:
        resp = await client.get(url)
    return {"status": resp.status_code}


def cache_key(*parts):
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def ab_bucket(user_id):
    return int(hashlib.md5(str(user_id).encode()).hexdigest(), 16) % 100


def pick_server(servers):
    return random.choice(servers)


def new_request_id():
    return str(uuid.uuid4())
`;
    assert.deepEqual(describeFindings(await pyFindings(code)), []);
  });

  test('data-science and ops scripts: seeded simulations, pickle.dump, zip archives, constant shell pipelines', async () => {
    const code = `
import os
import pickle
import random
import subprocess
import tarfile
import tempfile
import zipfile

random.seed(42)


def train_test_split(rows, ratio=0.8):
    shuffled = rows[:]
    random.shuffle(shuffled)
    cut = int(len(shuffled) * ratio)
    return shuffled[:cut], shuffled[cut:]


def simulate(n=1000):
    return sum(1 for _ in range(n) if random.random() < 0.3)


def save_model(model, path):
    with open(path, "wb") as fh:
        pickle.dump(model, fh)


def unzip(path, dest):
    with zipfile.ZipFile(path) as zf:
        zf.extractall(dest)


def pack(src, dest):
    with tarfile.open(dest, "w:gz") as tar:
        tar.add(src, arcname=os.path.basename(src))


def disk_free():
    return subprocess.check_output("df -h / | tail -1", shell=True, text=True)


def workdir():
    return tempfile.mkdtemp(prefix="job-")


def random_color():
    return "#%06x" % random.randint(0, 0xFFFFFF)


def fake_users(n):
    names = ["alice", "bob", "carol"]
    return [{"name": random.choice(names), "age": random.randint(18, 90)} for _ in range(n)]


def token_budget():
    token_length = random.randint(16, 32)
    return token_length
`;
    assert.deepEqual(describeFindings(await pyFindings(code)), []);
  });
});

describe('flows the Python checks follow', () => {
  const cases: Array<{ name: string; rule: string; code: string }> = [
    {
      name: 'SQL extended with += in a branch',
      rule: 'py-sql-injection',
      code: 'def find(cur, name=None):\n    sql = "SELECT * FROM users WHERE 1=1"\n    if name:\n        sql += f" AND name = \'{name}\'"\n    cur.execute(sql)\n',
    },
    {
      name: 'SQLAlchemy text() kept in a variable',
      rule: 'py-sql-injection',
      code: 'from sqlalchemy import text\n\ndef find(session, email):\n    stmt = text("SELECT * FROM users WHERE email = \'" + email + "\'")\n    return session.execute(stmt).first()\n',
    },
    {
      name: 'a verification code named only by its function',
      rule: 'py-insecure-random',
      code: 'import random\n\ndef send_verification_code(user):\n    code = random.randint(100000, 999999)\n    sms.send(user.phone, f"Your code is {code}")\n',
    },
    {
      name: 'a session id from random.choices',
      rule: 'py-insecure-random',
      code: 'import random\n\ndef new_session():\n    session_id = "".join(random.choices("abcdef0123456789", k=32))\n    return {"session_id": session_id}\n',
    },
    {
      name: 'md5 over an f-string holding the password',
      rule: 'py-weak-password-hash',
      code: 'import hashlib\n\ndef signup(email, password):\n    db.save(email, hashlib.md5(f"{email}:{password}".encode()).hexdigest())\n',
    },
    {
      name: 'a shell command from a list joined at run time',
      rule: 'py-subprocess-shell',
      code: 'import subprocess\n\ndef run_tool(args):\n    subprocess.call("tool " + " ".join(args), shell=True)\n',
    },
    {
      name: 'os.system through a module alias',
      rule: 'py-os-system',
      code: 'import os as operating_system\n\ndef play(path):\n    operating_system.system("afplay " + path)\n',
    },
    {
      name: 'yaml.load_all with the C loader',
      rule: 'py-unsafe-deserialization',
      code: 'import yaml\n\ndef docs(stream):\n    return list(yaml.load_all(stream, Loader=yaml.CLoader))\n',
    },
    {
      name: 'numpy.load with allow_pickle=True',
      rule: 'py-unsafe-deserialization',
      code: 'import numpy as np\n\ndef load(upload):\n    return np.load(upload, allow_pickle=True)\n',
    },
    {
      name: 'tarfile.TarFile opened directly and extracted with members from getmembers()',
      rule: 'py-tarfile-extractall',
      code: 'import tarfile\n\ndef unpack(path):\n    tar = tarfile.TarFile(path)\n    tar.extractall("out", members=tar.getmembers())\n',
    },
    {
      name: 'cert_reqs=ssl.CERT_NONE on wrap_socket',
      rule: 'py-ssl-unverified-context',
      code: 'import ssl\n\ndef wrap(sock):\n    return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)\n',
    },
    {
      name: 'verify=False on a requests session method',
      rule: 'py-requests-verify-false',
      code: 'import requests\n\ndef fetch(url):\n    with requests.Session() as s:\n        return s.post(url, json={}, verify=False).json()\n',
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const findings = await pyFindings(c.code);
      assert.ok(findings.some((f) => f.ruleId === c.rule), `expected ${c.rule}, got ${describeFindings(findings).join('; ') || 'nothing'}`);
    });
  }
});

describe('near misses stay clean', () => {
  const cases: Array<{ name: string; code: string }> = [
    { name: 'jwt.decode(verify=False) is not an HTTP client', code: 'import jwt\n\ndef peek(token):\n    return jwt.decode(token, verify=False)\n' },
    { name: 'yaml.load with a custom loader class', code: 'import yaml\n\ndef load(f):\n    return yaml.load(f, Loader=ConfigLoader)\n' },
    { name: 'a module named pickle that is really a local value', code: 'def restore(pickle, blob):\n    return pickle.loads(blob)\n' },
    { name: 'a tar member loop with a path check', code: 'import tarfile\n\ndef unpack(path, dest):\n    with tarfile.open(path) as tar:\n        for m in tar.getmembers():\n            if m.name.startswith("/") or ".." in m.name:\n                raise ValueError(m.name)\n        tar.extractall(dest)\n' },
    { name: 'an IN list of placeholders', code: 'def many(cur, ids):\n    marks = ",".join("?" for _ in ids)\n    cur.execute(f"SELECT * FROM t WHERE id IN ({marks})", ids)\n' },
    { name: 'a quoted identifier', code: 'def info(cur, table):\n    ident = table.replace(\'"\', \'""\')\n    cur.execute(f\'PRAGMA table_info("{ident}")\')\n' },
    { name: 'a server-side context with CERT_NONE', code: 'import ssl\n\nctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)\nctx.verify_mode = ssl.CERT_NONE\n' },
    { name: 'md5 for an ETag', code: 'import hashlib\n\ndef etag(body):\n    return hashlib.md5(body).hexdigest()\n' },
    { name: 'a weighted random choice for sampling', code: 'import random\n\ndef next_token(tokens, probs):\n    token = random.choices(tokens, weights=probs)[0]\n    return token\n' },
    { name: 'jinja2 for a text config file', code: 'from jinja2 import Environment, FileSystemLoader\n\nenv = Environment(loader=FileSystemLoader("conf"))\n\ndef render(ctx):\n    return env.get_template("nginx.conf.j2").render(**ctx)\n' },
    { name: 'eval of an entry from a constant table', code: 'FORMULAS = {"area": "w * h", "perimeter": "2 * (w + h)"}\n\ndef compute(kind, w, h):\n    return eval(FORMULAS[kind], {}, {"w": w, "h": h})\n' },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      assert.deepEqual(describeFindings(await pyFindings(c.code)), []);
    });
  }
});

describe('Python fixes produce the expected code', () => {
  test('tarfile: a multi-line call gets filter="data" on its own line', async () => {
    const code = 'import tarfile\n\nwith tarfile.open(path) as tar:\n    tar.extractall(\n        path=dest,\n    )\n';
    assert.equal(await fixed(code, 'py-tarfile-extractall'), 'import tarfile\n\nwith tarfile.open(path) as tar:\n    tar.extractall(\n        path=dest,\n        filter="data",\n    )\n');
  });

  test('yaml: the C full loader becomes the C safe loader', async () => {
    const code = 'import yaml\n\ndata = yaml.load(text, Loader=yaml.CFullLoader)\n';
    assert.equal(await fixed(code, 'py-unsafe-deserialization'), 'import yaml\n\ndata = yaml.load(text, Loader=yaml.CSafeLoader)\n');
  });

  test('yaml: load_all without a loader becomes safe_load_all on the same module alias', async () => {
    const code = 'import yaml as y\n\ndocs = list(y.load_all(stream))\n';
    assert.equal(await fixed(code, 'py-unsafe-deserialization'), 'import yaml as y\n\ndocs = list(y.safe_load_all(stream))\n');
  });

  test('random: getrandbits becomes secrets.randbits and `import secrets` joins the imports', async () => {
    const code = '"""Keys."""\nimport random\n\nAPI_KEY = "%032x" % random.getrandbits(128)\n';
    assert.equal(await fixed(code, 'py-insecure-random'), '"""Keys."""\nimport random\nimport secrets\n\nAPI_KEY = "%032x" % secrets.randbits(128)\n');
  });

  test('jinja2: autoescape=True follows a trailing comma', async () => {
    const code = 'import jinja2\n\nenv = jinja2.Environment(loader=jinja2.FileSystemLoader("templates"),)\npage = env.get_template("index.html")\n';
    assert.equal(await fixed(code, 'py-jinja2-autoescape-off'), 'import jinja2\n\nenv = jinja2.Environment(loader=jinja2.FileSystemLoader("templates"), autoescape=True)\npage = env.get_template("index.html")\n');
  });

  test('ssl: the unverified context factory becomes create_default_context', async () => {
    const code = 'import ssl\nimport urllib.request\n\nurllib.request.urlopen(url, context=ssl._create_unverified_context())\n';
    assert.equal(await fixed(code, 'py-ssl-unverified-context'), 'import ssl\nimport urllib.request\n\nurllib.request.urlopen(url, context=ssl.create_default_context())\n');
  });
});

describe('isSecretName', () => {
  const secret = ['reset_token', 'apiKey', 'otp', 'sessionId', 'temp_password', 'verification_code', 'csrf', 'SECRET_KEY', 'login_pin', 'oauth_state'];
  const notSecret = ['token_length', 'next_token', 'key', 'code', 'user_id', 'state', 'pin', 'max_tokens', 'jitter', 'password_field'];
  for (const name of secret) test(`${name} is a secret`, () => assert.equal(isSecretName(name), true));
  for (const name of notSecret) test(`${name} is not a secret`, () => assert.equal(isSecretName(name), false));
});
