/**
 * The parts of the protocol that AI Guard adds on top of LSP, shared by the server, the VS Code
 * client and the protocol tests. Plain data and names only — no imports — so the client bundle
 * does not pull in the server library.
 */

/** Diagnostic `source` of every finding. */
export const DIAGNOSTIC_SOURCE = 'ai-guard';

/** Request: scan every workspace folder on disk and publish diagnostics for files with findings. */
export const SCAN_WORKSPACE_METHOD = 'aiGuard/scanWorkspace';

export interface ScanWorkspaceParams {
  /** Client-created work-done progress token; the server creates its own progress when absent. */
  workDoneToken?: string | number;
}

export interface ScanWorkspaceResult {
  filesScanned: number;
  findings: number;
  filesWithFindings: number;
  /** Files left out because they are too large, minified, binary or unreadable. */
  skipped: number;
  /** True when the scan was cancelled; the counts cover the files scanned until then. */
  cancelled: boolean;
}

/** Client command that asks for a reason and inserts an `ai-guard-ignore-next-line` comment. */
export const SUPPRESS_FINDING_COMMAND = 'aiGuard.suppressFinding';

export interface SuppressFindingArgs {
  uri: string;
  /** Zero-based line of the finding; the comment goes above it. */
  line: number;
  ruleId: string;
  /** `//` or `#`, matching the document's language. */
  commentPrefix: string;
}

/** What the client passes in `initializationOptions`. */
export interface InitializationOptions {
  /** `workspace.isTrusted`: untrusted workspaces ignore `.aiguard.json` (it could hide code from the scan). */
  workspaceTrusted?: boolean;
}
