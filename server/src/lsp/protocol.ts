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

/**
 * Every command of the extension, by short name (the client's command table is keyed by these); VS
 * Code knows each as `aiGuard.<name>`, and package.json contributes the same list. The prefix is
 * added in one place, commandId().
 */
export const COMMAND_NAMES = [
  'scanAiChanges', 'markRegionVerified', 'markFileVerified', 'forgetRegion', 'showRegion', 'refreshAiChanges',
  'installPreCommitGate', 'showLog', 'restartServer', 'suppressFinding',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export function commandId(name: CommandName): string {
  return `aiGuard.${name}`;
}

/** Arguments of `suppressFinding` (run by the "Ignore <rule> here…" quick fix: asks for a reason, inserts an `ai-guard-ignore-next-line` comment). */
export interface SuppressFindingArgs {
  uri: string;
  /** Zero-based line of the finding; the comment goes above it. */
  line: number;
  ruleId: string;
  /** `//`, `#` or `<!--` (closed with `-->`), matching the document's language. */
  commentPrefix: string;
}

/** What the client passes in `initializationOptions`. */
export interface InitializationOptions {
  /** `workspace.isTrusted`: untrusted workspaces ignore `.aiguard.json` (it could hide code from the scan). */
  workspaceTrusted?: boolean;
  /** The extension's workspace storage folder: region state of folders outside git is kept there. */
  storagePath?: string;
}

/**
 * Notification server → client: how the server is doing, sent once the analysis engine has started
 * (or failed to) and whenever a subsystem's problems change. `degraded`: it works, but not fully —
 * each reason says what is missing (a rule file that did not load, the engine that could not start;
 * later, a package registry that cannot be reached). The client shows it in the status bar.
 */
export const SERVER_STATUS_NOTIFICATION = 'aiGuard/serverStatus';
export type ServerHealth = 'ready' | 'degraded';
export interface StatusReason {
  /** The subsystem that reported it (`rules`, `engine`, …); a subsystem's reasons are replaced together. */
  source: string;
  /** A sentence for the person. */
  message: string;
}
export interface ServerStatusParams {
  health: ServerHealth;
  reasons: StatusReason[];
}

/**
 * Notification client → server, sent right before a document's didOpen when the document changed in
 * the editor while no server could see its changes (before the lazily started server ran, or during a
 * restart): `text` is the document as it was then. The server treats the difference to the opened
 * text as edits, so a block pasted in that window still becomes an AI region.
 */
export const TEXT_BEFORE_OPEN_NOTIFICATION = 'aiGuard/textBeforeOpen';
export interface TextBeforeOpenParams {
  uri: string;
  text: string;
}

// ---------------------------------------------------------------------------------------------
// AI regions (issue 5). The server owns region state; the client only presents it.

export type RegionOrigin = 'completion/paste' | 'agent';
export type RegionStatus = 'unreviewed' | 'verified';

export interface RegionFindingInfo {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** Zero-based LSP range of the finding. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface RegionInfo {
  id: string;
  /** Zero-based LSP range covering the region's text. */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  origin: RegionOrigin;
  status: RegionStatus;
  /** ISO times. */
  createdAt: string;
  verifiedAt?: string;
  /** Reason recorded when a region with error findings was marked verified. */
  note?: string;
  findings: RegionFindingInfo[];
}

export interface FileRegions {
  uri: string;
  regions: RegionInfo[];
  /**
   * Agent instruction files and MCP configs, which are checked whole: every finding of the file,
   * regions or not, for the "Agent files" section of the AI Changes view.
   */
  agentFindings?: RegionFindingInfo[];
}

/** Notification server → client whenever a document's regions or their findings change. */
export const REGIONS_CHANGED_NOTIFICATION = 'aiGuard/regionsChanged';
export type RegionsChangedParams = FileRegions;

/** Request: every tracked region in the workspace (open and closed files), for the tree view and status bar. */
export const WORKSPACE_REGIONS_METHOD = 'aiGuard/workspaceRegions';
export interface WorkspaceRegionsResult {
  files: FileRegions[];
}

/** Request: mark one region verified (by the person at the keyboard). */
export const VERIFY_REGION_METHOD = 'aiGuard/verifyRegion';
export interface VerifyRegionParams {
  uri: string;
  regionId: string;
  /** Required by the client when the region still has error findings. */
  note?: string;
}
/** Request: mark every region of a file verified. */
export const VERIFY_FILE_METHOD = 'aiGuard/verifyFile';
export interface VerifyFileParams {
  uri: string;
  note?: string;
}
/** Request: "Not AI-generated": stop tracking a region. */
export const FORGET_REGION_METHOD = 'aiGuard/forgetRegion';
export interface ForgetRegionParams {
  uri: string;
  regionId: string;
}
export interface RegionActionResult {
  /** Regions changed by the action. */
  changed: number;
  /** A sentence for the user when nothing could be done (unknown region, stale id). */
  error?: string;
}

/** Request: Scan AI Changes — uncommitted changes (git diff HEAD + untracked) plus tracked regions. */
export const SCAN_AI_CHANGES_METHOD = 'aiGuard/scanAiChanges';
export interface ScanAiChangesParams {
  workDoneToken?: string | number;
}
export interface ScanAiChangesResult {
  filesScanned: number;
  regions: number;
  unverifiedRegions: number;
  /** Agent regions created by this scan for uncommitted hunks that were not tracked yet. */
  newRegions: number;
  findings: number;
  /** Workspace folders that are not in a git repository (only tracked regions were scanned there). */
  foldersWithoutGit: string[];
  cancelled: boolean;
}

/** Request: install the git pre-commit gate in the repository of a workspace folder. */
export const INSTALL_GATE_METHOD = 'aiGuard/installPreCommitGate';
export interface InstallGateParams {
  /** A file or folder URI inside the repository. */
  uri: string;
}
export interface InstallGateResult {
  hookPath?: string;
  message: string;
  ok: boolean;
}
