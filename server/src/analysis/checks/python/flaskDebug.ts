/**
 * Web-framework settings that are unsafe in production: Flask's debug mode (the Werkzeug
 * debugger is a remote Python shell) and Jinja2 environments that render HTML without escaping.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { argumentOf, callOrigins, calleeNames, hasKeywordSplat, keywordArgument, reachingBindings, unwrap } from '../../dataflow/python';
import { calleeIn, replaceWithin, stringValue, withKeywordArgument } from './common';

/** Constructors of apps whose `run(debug=True)` starts the Werkzeug debugger. */
const FLASK_APPS = new Set(['flask.Flask', 'quart.Quart', 'dash.Dash', 'flask_socketio.SocketIO', 'connexion.FlaskApp', 'connexion.App']);
const APP_FACTORY = /(^|_)(create|make|build|get)_app$/;

/** `app.run(debug=True)`, `app.debug = True`, `app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)` on a Flask app. */
const pyFlaskDebugEnabled: Check = ({ match, captures }) => {
  const app = captures.app;
  if (!app || !isFlaskApp(app)) return false;
  if (captures.config && captures.kw?.type === 'string') return stringValue(captures.kw) === 'DEBUG';
  // `app.run(host, port, True)`: Flask.run's third parameter is debug; SocketIO.run(app, host, port) has no such slot.
  if (match.type === 'true') return !callOrigins(app).some((call) => calleeNames(call).includes('flask_socketio.SocketIO'));
  return true;
};

/**
 * The object is a Flask (or Flask-based) app: built by `Flask(__name__)` or an app factory,
 * imported as `app`, or an unbound `app` in a snippet whose setup was left out.
 */
function isFlaskApp(object: Node): boolean {
  const origins = callOrigins(object);
  if (origins.length > 0) {
    return origins.some((call) => {
      const names = calleeNames(call);
      const written = call.childForFieldName('function')?.text ?? '';
      return names.some((q) => FLASK_APPS.has(q)) || APP_FACTORY.test(written.slice(written.lastIndexOf('.') + 1));
    });
  }
  const o = unwrap(object);
  if (o.type !== 'identifier' || !/^(app|application|flask_app)$/.test(o.text)) return false;
  const bindings = reachingBindings(o);
  return bindings.length === 0 || bindings.every((b) => b.kind === 'import');
}

const JINJA_ENVIRONMENTS = new Set([
  'jinja2.Environment', 'jinja2.environment.Environment', 'jinja2.sandbox.SandboxedEnvironment', 'jinja2.Template',
  'jinja2.environment.Template',
]);

/**
 * A Jinja2 Environment/Template without autoescaping (the default) or with `autoescape=False`,
 * in a file that renders HTML. The fix sets `autoescape=True`.
 */
const pyJinjaAutoescapeOff: Check = ({ match }) => {
  const callee = calleeIn(match, JINJA_ENVIRONMENTS);
  if (!callee || hasKeywordSplat(match)) return false;
  const setting = keywordArgument(match, 'autoescape');
  if (setting && setting.type !== 'false') return false; // True, select_autoescape(...), or a decision made elsewhere
  if (!rendersHtml(match, callee)) return false;
  const fixed = setting ? replaceWithin(match, setting, 'True') : withKeywordArgument(match, 'autoescape=True');
  const state = setting ? 'with `autoescape=False`' : 'without autoescape (off by default)';
  return { vars: { callee: callee.replace('jinja2.environment.', 'jinja2.'), state, fixed: fixed ?? match.text }, fixApplies: !!fixed };
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

export const pythonWebConfigChecks: Record<string, Check> = { pyFlaskDebugEnabled, pyJinjaAutoescapeOff };
