/**
 * The "AI Changes" view: file → AI region → findings, and above them an "Agent files" section:
 * agent instruction files and MCP configs with findings (hidden Unicode, injected instructions,
 * unpinned servers), which are checked whole whoever changed them. Clicking a region or finding
 * opens the file with it selected; the context menus (package.json, by contextValue) verify or
 * forget regions.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FileRegions, RegionFindingInfo, RegionInfo } from '../../../server/src/lsp/protocol';
import { findingsLabel, localTime, originLabel } from './codeLens';
import { regionLines, toRange, type RegionState } from './regionState';

export const AI_CHANGES_VIEW = 'aiGuard.aiChanges';

export type AiChangeNode =
  | { kind: 'agentSection'; files: FileRegions[] }
  | { kind: 'agentFile'; uri: string; file: FileRegions }
  | { kind: 'file'; uri: string; file: FileRegions }
  | { kind: 'region'; uri: string; region: RegionInfo }
  | { kind: 'finding'; uri: string; finding: RegionFindingInfo };

const SEVERITY_ICON: Record<RegionFindingInfo['severity'], vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

export class AiChangesProvider implements vscode.TreeDataProvider<AiChangeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;

  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly state: RegionState) {
    this.subscription = state.onDidChange(() => this.changed.fire());
  }

  getChildren(node?: AiChangeNode): AiChangeNode[] {
    if (!node) {
      const agentFiles = this.state.agentFiles();
      const regionFiles: AiChangeNode[] = this.state.allFiles().map((file) => ({ kind: 'file', uri: file.uri, file }));
      return agentFiles.length > 0 ? [{ kind: 'agentSection', files: agentFiles }, ...regionFiles] : regionFiles;
    }
    if (node.kind === 'agentSection') return node.files.map((file) => ({ kind: 'agentFile', uri: file.uri, file }));
    if (node.kind === 'agentFile') return (node.file.agentFindings ?? []).map((finding) => ({ kind: 'finding', uri: node.uri, finding }));
    if (node.kind === 'file') return node.file.regions.map((region) => ({ kind: 'region', uri: node.uri, region }));
    if (node.kind === 'region') return node.region.findings.map((finding) => ({ kind: 'finding', uri: node.uri, finding }));
    return [];
  }

  getTreeItem(node: AiChangeNode): vscode.TreeItem {
    if (node.kind === 'agentSection') return agentSectionItem(node.files);
    const uri = vscode.Uri.parse(node.uri);
    if (node.kind === 'agentFile') return agentFileItem(uri, node.file);
    if (node.kind === 'file') return fileItem(uri, node.file);
    if (node.kind === 'region') return regionItem(uri, node.region);
    const item = new vscode.TreeItem(`${node.finding.ruleId}: ${node.finding.message}`, vscode.TreeItemCollapsibleState.None);
    item.iconPath = SEVERITY_ICON[node.finding.severity];
    item.tooltip = `${node.finding.severity}: ${node.finding.message} (${node.finding.ruleId})`;
    item.command = reveal(uri, toRange(node.finding.range));
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function agentSectionItem(files: FileRegions[]): vscode.TreeItem {
  const item = new vscode.TreeItem('Agent files', vscode.TreeItemCollapsibleState.Expanded);
  const findings = files.reduce((n, f) => n + (f.agentFindings?.length ?? 0), 0);
  item.description = `${findingsLabel(findings)} in ${files.length} file${files.length === 1 ? '' : 's'}`;
  item.tooltip = 'Agent instruction files and MCP configs (AGENTS.md, CLAUDE.md, .cursor/rules, SKILL.md, mcp.json …) are checked whole, whoever changed them: what they say, an agent does.';
  item.iconPath = new vscode.ThemeIcon('shield');
  item.contextValue = 'aiAgentFiles';
  return item;
}

function agentFileItem(uri: vscode.Uri, file: FileRegions): vscode.TreeItem {
  const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.Expanded);
  const relative = vscode.workspace.asRelativePath(uri, true);
  item.description = `${path.dirname(relative) === '.' ? '' : path.dirname(relative)} · ${findingsLabel(file.agentFindings?.length ?? 0)}`;
  item.contextValue = 'aiAgentFile';
  return item;
}

function fileItem(uri: vscode.Uri, file: FileRegions): vscode.TreeItem {
  const item = new vscode.TreeItem(uri, vscode.TreeItemCollapsibleState.Expanded);
  const unverified = file.regions.filter((r) => r.status === 'unreviewed').length;
  const relative = vscode.workspace.asRelativePath(uri, true);
  item.description = `${path.dirname(relative) === '.' ? '' : path.dirname(relative)} · ${unverified ? `${unverified} unverified` : 'all verified'}`;
  item.contextValue = 'aiFile';
  return item;
}

function regionItem(uri: vscode.Uri, region: RegionInfo): vscode.TreeItem {
  const range = toRange(region.range);
  const lines = regionLines(region.range);
  const status = region.status === 'verified' ? '✓ verified' : 'unreviewed';
  const label = `Lines ${lines.start.line + 1}–${lines.end.line + 1} · ${originLabel(region)} · ${status}`;
  const item = new vscode.TreeItem(label, region.findings.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  item.description = region.findings.length ? findingsLabel(region.findings.length) : 'no findings';
  item.iconPath = new vscode.ThemeIcon(region.status === 'verified' ? 'pass' : 'sparkle');
  item.contextValue = region.status === 'verified' ? 'aiRegion-verified' : 'aiRegion-unreviewed';
  const verified = region.status === 'verified' ? `\nVerified ${localTime(region.verifiedAt)}${region.note ? `: ${region.note}` : ''}` : '';
  item.tooltip = `AI-generated (${originLabel(region)}) ${localTime(region.createdAt)}${verified}`;
  item.command = reveal(uri, range);
  return item;
}

function reveal(uri: vscode.Uri, selection: vscode.Range): vscode.Command {
  const options: vscode.TextDocumentShowOptions = { selection, preserveFocus: false };
  return { title: 'Show', command: 'vscode.open', arguments: [uri, options] };
}
