// What the scenarios paste and type, and what AI Guard must say about it, taken from the shipped rule
// so the tests follow the rule's wording instead of copying it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import YAML from 'yaml';
import { FIXTURES, REPO } from './harness.mjs';

export const RULE = 'js-insecure-random';
/** How VS Code shows a diagnostic's source and code, "ai-guard(js-insecure-random)", as hover text matches it. */
export const RULE_TAG = new RegExp(`ai-guard\\W*${RULE}(?![\\w-])`);
/** A GitHub OAuth login route the way a chat assistant writes it: the `state` comes from Math.random(). */
export const BLOCK = fs.readFileSync(path.join(FIXTURES, 'blocks', 'oauth-login.js'), 'utf8');
export const STATE_LINE = 'const state = Math.random().toString(36).substring(2);';
/** Every src/routes/*.js of the fixture workspace is this header; blocks go after it. */
export const ROUTE_HEADER = "const express = require('express');\n\nconst router = express.Router();\n\n";
/** 1-based line of STATE_LINE once BLOCK is appended to a route file. */
export const STATE_LINE_NUMBER = ROUTE_HEADER.split('\n').length - 1 + BLOCK.split('\n').findIndex((l) => l.includes(STATE_LINE)) + 1;
export const SECURE_STATE = /const state = crypto\.(randomUUID\(\)|getRandomValues\()/;

const rule = YAML.parse(fs.readFileSync(path.join(REPO, 'rules', 'javascript', `${RULE}.yaml`), 'utf8'));
/**
 * A literal stretch of the rule's (default) message: the longest part between placeholders and
 * backticks, so it reads the same whether the hover renders the message as text or as Markdown.
 */
export const MESSAGE = rule.messages.default.split(/`|\{\{[^}]*\}\}/).map((part) => part.trim()).sort((a, b) => b.length - a.length)[0].slice(0, 48);
export const FIX_TITLE = rule.fix.title;
