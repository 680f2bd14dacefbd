/** py-flask-debug: Flask's debug mode in code that may run in production; the Werkzeug debugger is a remote Python shell. */
import type { Node } from 'web-tree-sitter';
import type { Check } from '../checkTypes';
import { callOrigins, calleeNames, reachingBindings, unwrap } from '../../dataflow/python';
import { stringValue } from './common';

/** Constructors of apps whose `run(debug=True)` starts the Werkzeug debugger. */
const FLASK_APPS = new Set(['flask.Flask', 'quart.Quart', 'dash.Dash', 'flask_socketio.SocketIO', 'connexion.FlaskApp', 'connexion.App']);
const APP_FACTORY = /(^|_)(create|make|build|get)_app$/;

/** `app.run(debug=True)`, `app.debug = True`, `app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)` on a Flask app. */
export const pyFlaskDebug: Check = ({ match, captures }) => {
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
