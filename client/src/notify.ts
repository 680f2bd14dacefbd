/**
 * Messages to the person that nothing waits for (no buttons to answer). VS Code's show*Message
 * promises settle when the message goes away; should one fail, the log says so instead of an
 * unhandled rejection.
 */
import * as vscode from 'vscode';
import { fireAndForget } from '../../server/src/analysis/errors';

const SHOW = {
  info: vscode.window.showInformationMessage,
  warning: vscode.window.showWarningMessage,
  error: vscode.window.showErrorMessage,
} as const;

export function notify(log: vscode.LogOutputChannel, level: keyof typeof SHOW, message: string): void {
  fireAndForget(SHOW[level](message), (m) => log.warn(m), 'Showing a message');
}
