/**
 * AI regions — the protocol-free engine (no vscode / LSP imports; the server, CLI and gate share it).
 *
 * Modules
 * - insertionDetector: `classifyChange(change, settings, context)` → `{kind:'ai-insertion', spans}` |
 *   `{kind:'ignored', reason}`; `netInsertion(change)`; `diffInsertedHunks(old, new, settings)` for
 *   files changed on disk (origin `agent`); `editContext(changes, recentRemovals)`; `looksLikeRename`.
 * - lineHunks: `trackerEditsFor(change, documentLength)` / `lineDiffEdits(old, new)` — what to feed
 *   the tracker (net edits; whole-document replacements and disk changes mapped line by line, so a
 *   formatter or reload keeps regions instead of wiping them).
 * - editHistory: `DocumentVersions` (undo/redo by restored text, with region snapshots) and
 *   `RecentRemovals` (cut/paste and drag-and-drop moves).
 * - regionTracker: `RegionTracker` per document — regions move, grow, shrink, vanish, get verified.
 * - documentRegions: `DocumentRegions` — the above wired together for one open document.
 * - regionStore: `RegionStore.open(file)` / `save()` (atomic; corrupt file moved aside with a
 *   warning), `reanchorRegions(saved, text)` after a restart or a change on disk.
 * - suppressionGuard: `suppressionFindings(text, unreviewedSpans, language)` and
 *   `honouredSuppressions(suppressions, text, unreviewedSpans, language)`.
 *
 * Wiring (the server)
 * - One `RecentRemovals` per server; one `DocumentRegions` per open document:
 *   `new DocumentRegions(text, { settings, recentRemovals, regions })` on didOpen, where `regions`
 *   come from `reanchorRegions(store.regionsOf(relPath), text).regions` (empty for a new file).
 * - didChange: `doc.applyEdit(changes, { isVcsOperation, excludedPath })` with ALL `TextChange`s of
 *   the notification at once, in LSP order, each in the text before it (collect them from
 *   `DocumentStore.onContentChange` and apply in `onDidChangeContent`). The outcome lists regions
 *   added/removed/unverified and why other changes were ignored. Whole-document replacements
 *   (reloads) give origin `agent`.
 * - File changed on disk while open or watched: `doc.changedOnDisk(newText, flags)` (line diff against
 *   the last known text; `agent` regions). Not open: build a `DocumentRegions` from the last known
 *   content or git HEAD and call the same.
 * - Commands: `doc.verify(id, { note, by })`, `doc.forget(id)`, `doc.addRegion(span, 'agent')`.
 * - Persist: `store.setFromTracker(relPath, doc.tracker, doc.text)` then `await store.save()`; show
 *   `warnings` from `RegionStore.open` and `save()` in the log (they are sentences for a person).
 * - Findings: `suppressionFindings(text, unreviewedSpans, grammar)` and, before applying
 *   `ai-guard-ignore` suppressions, `honouredSuppressions(findSuppressions(text), text, unreviewedSpans, grammar)`.
 * The lower-level pieces (`classifyChange`, `trackerEditsFor`, `DocumentVersions`, `RegionTracker`)
 * are exported for the CLI/gate and for other wiring; `DocumentRegions` shows how they fit together.
 *
 * Semantics worth knowing
 * - Thresholds count lines with a letter or digit (`minLines`) or characters of non-blank lines
 *   (`minChars`), after removing lines that were just removed elsewhere (moves) or in the same change.
 * - A region covers its inserted text without leading blank lines or trailing whitespace.
 * - Text typed strictly inside a region becomes part of it; text at its start or end does not.
 * - Any edit touching a verified region's text makes it unreviewed; so does an untracked change
 *   noticed by `refreshHashes`.
 */
export * from './types';
export { netInsertion, classifyChange, diffInsertedHunks, editContext, looksLikeRename, sameModuloFormatting, isIdentifierSubstitution, isCopyOf } from './insertionDetector';
export type { Classification, IgnoreReason, ChangeContext, CopySource, KnownLines, EditFacts, HunkOptions } from './insertionDetector';
export { netChange, lineDiffEdits, trackerEditsFor, isWholeDocument } from './lineHunks';
export type { NetChange } from './lineHunks';
export { DocumentVersions, RecentRemovals } from './editHistory';
export { RegionTracker } from './regionTracker';
export { DocumentRegions } from './documentRegions';
export type { EditFlags, EditOutcome, IncomingChange, DocumentRegionsOptions } from './documentRegions';
export type { TrackerOptions, ChangeEffect, TrackerSnapshot } from './regionTracker';
export { RegionStore, REGION_STORE_SCHEMA_VERSION, reanchorRegions, toStored } from './regionStore';
export type { StoredRegion, OpenedStore, ReanchorResult } from './regionStore';
export { reanchor } from './reanchor';
export type { Anchor } from './reanchor';
export { findSuppressionComments, suppressionFindings, honouredSuppressions, AI_SUPPRESSION_RULE_ID } from './suppressionGuard';
export type { SuppressionComment, SuppressionKind } from './suppressionGuard';
export { sha256Hex } from './text';
