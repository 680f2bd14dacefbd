/**
 * MCP server entries of an MCP configuration (VS Code `servers`, Claude/Cursor/Cline/Gemini
 * `mcpServers`, Zed `context_servers`, settings.json `mcp.servers`), read with jsonc-parser so
 * comments and trailing commas are fine and every value keeps its offset for findings. A file that
 * does not parse yields what it can (jsonc-parser recovers), never an exception.
 */
import { parseTree, findNodeAtLocation, type Node as JsonNode } from 'jsonc-parser';

export interface JsonString {
  value: string;
  /** Offsets of the string's contents (inside the quotes). */
  start: number;
  end: number;
}

export interface McpServer {
  name: string;
  nameNode: JsonNode;
  command?: JsonString;
  args: JsonString[];
  env: Array<{ key: string; value: JsonString }>;
  headers: Array<{ key: string; value: JsonString }>;
  url?: JsonString;
  /** Other properties by key (autoApprove, alwaysAllow, trust …). */
  properties: Map<string, JsonNode>;
}

const SERVER_LISTS = [['mcpServers'], ['servers'], ['context_servers'], ['mcp', 'servers'], ['mcp.servers']];

let lastText: string | undefined;
let lastServers: McpServer[] = [];

/** Cached for the last text: the MCP checks of one file share one parse. */
export function mcpServers(text: string): McpServer[] {
  if (text === lastText) return lastServers;
  lastText = text;
  lastServers = parse(text);
  return lastServers;
}

function parse(text: string): McpServer[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') return [];
  const out: McpServer[] = [];
  for (const path of SERVER_LISTS) {
    const list = findNodeAtLocation(root, path);
    if (list?.type !== 'object') continue;
    for (const property of list.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || value?.type !== 'object') continue;
      out.push(server(String(key.value), key, value));
    }
  }
  return out;
}

function stringOf(node: JsonNode | undefined): JsonString | undefined {
  if (node?.type !== 'string' || typeof node.value !== 'string') return undefined;
  return { value: node.value, start: node.offset + 1, end: node.offset + node.length - 1 };
}

function entries(node: JsonNode | undefined): Array<{ key: string; value: JsonString }> {
  if (node?.type !== 'object') return [];
  return (node.children ?? []).flatMap((p) => {
    const value = stringOf(p.children?.[1]);
    return value ? [{ key: String(p.children?.[0]?.value ?? ''), value }] : [];
  });
}

function server(name: string, nameNode: JsonNode, node: JsonNode): McpServer {
  const properties = new Map<string, JsonNode>();
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k && v) properties.set(String(k.value), v);
  }
  const command = stringOf(properties.get('command'));
  const argsNode = properties.get('args');
  const args = argsNode?.type === 'array' ? (argsNode.children ?? []).flatMap((c) => stringOf(c) ?? []) : [];
  const result: McpServer = {
    name, nameNode, command, args,
    env: entries(properties.get('env')), headers: entries(properties.get('headers')),
    url: stringOf(properties.get('url') ?? properties.get('serverUrl')), properties,
  };
  return result;
}
