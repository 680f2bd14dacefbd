/**
 * Thrown values as text, and promises nobody waits for. Anything can be thrown or rejected with —
 * an Error, a string, a library's plain object — so this is the one place that turns it into text
 * (for the log with its stack, for a person without), and the one way to start work without
 * awaiting it, so a failure is reported instead of surfacing as an unhandled rejection.
 * Plain code without imports: the engine, the server, the CLI and the client all use it.
 */

/** The message of a thrown value (`stack`: with the stack, for logs). Never throws, never "undefined". */
export function describeError(err: unknown, detail: 'message' | 'stack' = 'message'): string {
  try {
    if (err instanceof Error) return (detail === 'stack' && err.stack) || err.message || err.name;
    const message = (err as { message?: unknown } | null | undefined)?.message;
    if (typeof message === 'string' && message) return message;
    return String(err);
  } catch {
    return 'an error that cannot be shown as text';
  }
}

/**
 * Lets `work` run on without awaiting it. A rejection goes to `report` as "<what> failed: <error
 * with stack>"; if reporting fails too (the connection it logs to is gone), nothing is left to tell.
 */
export function fireAndForget(work: PromiseLike<unknown> | undefined, report: (message: string) => void, what: string): void {
  if (!work) return;
  Promise.resolve(work).then(undefined, (err: unknown) => {
    try {
      report(`${what} failed: ${describeError(err, 'stack')}`);
    } catch {
      // The log is unreachable as well.
    }
  });
}
