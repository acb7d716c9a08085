/**
 * Finds words a person would read that bypass the message catalogue: text in a component's
 * markup, text attributes, string literals in markup expressions, and sentence-like strings
 * in scripts. Used by words.test.ts so a new English string in a component fails the build
 * instead of staying English in every language.
 */
import { parse } from 'svelte/compiler';
import ts from 'typescript';

export interface Finding {
  line: number;
  text: string;
}

/** Words that read the same in every language Twofold ships: names of products and formats. */
const SAME_IN_EVERY_LANGUAGE = new Set(
  (
    'Twofold Jira Linear GitHub Slack Microsoft Teams Confluence Notion Keycloak Entra OIDC SSO ' +
    'API CSV JSON PDF Markdown HTML URL NPS PM QA OK ID SQLite PostgreSQL Redis Webhook Okta Google'
  ).split(' '),
);

/** Attributes of plain elements that people read or hear. */
const TEXT_ATTRIBUTES = new Set([
  'title',
  'placeholder',
  'alt',
  'label',
  'aria-label',
  'aria-description',
  'aria-roledescription',
  'aria-valuetext',
]);

/** Attributes of components that never carry words (tones, sizes, ids, routes). */
const CODE_ATTRIBUTES = new Set(['class', 'style', 'id', 'href', 'type', 'name', 'role', 'for', 'tone', 'variant', 'kind', 'size', 'value', 'key', 'mode', 'autocomplete', 'inputmode', 'pattern', 'accept', 'rel', 'target', 'lang', 'dir', 'method']);

function hasWords(text: string): boolean {
  const words = text.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  return words.some((w) => w.length >= 2 && !SAME_IN_EVERY_LANGUAGE.has(w));
}

/** A literal in a script is words when it reads like a label or a sentence, not like a key. */
function reads(text: string): boolean {
  if (!hasWords(text)) return false;
  if (/^[\w.:/#@?&=%-]*$/.test(text)) return false;
  // A CSS property or media feature: `(prefers-color-scheme: dark)`, `grid-area: a`.
  if (/^\(?[a-z][a-z-]*:\s/.test(text)) return false;
  return /\p{L}{2,}[,.:;!?…]?\s+\p{L}/u.test(text) && /^\s*[\p{Lu}"“(]/u.test(text);
}

function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

type Node = { type?: string; start?: number; [key: string]: unknown };

/** String literals inside a markup expression; class lists and keys look like single words. */
function literalsIn(node: unknown, out: { start: number; text: string }[]): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) literalsIn(n, out);
    return;
  }
  const n = node as Node;
  if (n.type === 'BinaryExpression' && ['===', '!==', '==', '!='].includes(String(n.operator))) return;
  if (n.type === 'Literal' && typeof n.value === 'string' && typeof n.start === 'number') {
    out.push({ start: n.start, text: n.value });
    return;
  }
  if (n.type === 'TemplateLiteral') {
    for (const q of n.quasis as { value: { cooked: string }; start: number }[]) out.push({ start: q.start, text: q.value.cooked });
  }
  for (const [key, value] of Object.entries(n)) {
    if (key === 'loc' || key === 'property' || key === 'key') continue;
    if (key === 'arguments' && n.type === 'CallExpression') {
      const callee = n.callee as Node;
      const name = callee.type === 'MemberExpression' ? (callee.property as Node).name : callee.name;
      if (typeof name === 'string' && NON_WORD_CALLS.has(name)) continue;
    }
    literalsIn(value, out);
  }
}

const NON_WORD_CALLS = new Set(['querySelector', 'querySelectorAll', 'getElementById', 'matchMedia', 'closest', 'includes', 'startsWith', 'endsWith', 'get', 'has', 'set', 'delete', 'href', 'navigate', 'goto', 'classList', 'toggle', 'add', 'remove', 'setAttribute', 'getAttribute', 'split', 'join', 'replace', 'padStart', 'toLocaleDateString', 'toLocaleString', 'addEventListener', 'removeEventListener', 'dispatchEvent', 'Error', 'TypeError']);

function markupFindings(source: string, out: Finding[]): void {
  const ast = parse(source, { modern: true }) as unknown as { fragment: Node };
  const literal = (start: number, text: string, strict: boolean) => {
    const label = /^\p{Lu}\p{Ll}+…?$/u.test(text.trim()) && hasWords(text);
    if (strict ? reads(text) || label : hasWords(text)) {
      out.push({ line: lineOf(source, start), text: text.trim() });
    }
  };
  const visit = (node: unknown, parentIsComponent = false): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, parentIsComponent);
      return;
    }
    const n = node as Node;
    if (n.type === 'Text') {
      if (hasWords(String(n.data))) out.push({ line: lineOf(source, n.start ?? 0), text: String(n.data).trim() });
      return;
    }
    if (n.type === 'ExpressionTag' || n.type === 'ConstTag') {
      const found: { start: number; text: string }[] = [];
      literalsIn(n.expression ?? n.declaration, found);
      for (const f of found) literal(f.start, f.text, true);
      return;
    }
    if (n.type === 'Attribute') {
      const name = String(n.name);
      const wordy = parentIsComponent ? !CODE_ATTRIBUTES.has(name) && !name.startsWith('data-') : TEXT_ATTRIBUTES.has(name);
      if (!wordy) return;
      const parts = Array.isArray(n.value) ? n.value : n.value && typeof n.value === 'object' ? [n.value] : [];
      for (const part of parts as Node[]) {
        if (part.type === 'Text') {
          const text = String(part.data);
          const sentence = /\p{L}{2,}\s+\p{L}{2,}/u.test(text) && hasWords(text);
          if (parentIsComponent ? reads(text) || sentence || /^\p{Lu}\p{Ll}+/u.test(text) : hasWords(text)) {
            out.push({ line: lineOf(source, part.start ?? 0), text: text.trim() });
          }
        } else visit(part, parentIsComponent);
      }
      return;
    }
    if (n.type === 'RegularElement' && (n.name === 'style' || n.name === 'script')) return;
    if (typeof n.type === 'string' && n.type.endsWith('Directive')) return;
    const isComponent = n.type === 'Component' || n.type === 'SvelteComponent';
    for (const [key, value] of Object.entries(n)) {
      if (key === 'loc' || key === 'metadata') continue;
      if (key === 'attributes') visit(value, isComponent);
      else if (typeof value === 'object') visit(value, false);
    }
  };
  visit(ast.fragment);
}

/** Sentence-like string literals in TypeScript, skipping imports, keys, comparisons and errors. */
export function scriptFindings(code: string, firstLine = 1): Finding[] {
  const out: Finding[] = [];
  const file = ts.createSourceFile('x.ts', code, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node)) return;
    if (ts.isBinaryExpression(node) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(node.operatorToken.kind)) return;
    if (ts.isCaseClause(node)) {
      node.statements.forEach(visit);
      return;
    }
    if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && node.arguments) {
      const callee = node.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      const owner = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : '';
      if (NON_WORD_CALLS.has(name) || owner === 'console') return;
    }
    if (ts.isPropertyAssignment(node)) {
      visit(node.initializer);
      return;
    }
    const text =
      ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
        ? node.text
        : ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)
          ? node.text
          : null;
    if (text !== null && reads(text)) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart());
      out.push({ line: line + firstLine, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

/** Every finding in one `.svelte` component's markup and scripts. */
export function componentFindings(source: string): Finding[] {
  const out: Finding[] = [];
  markupFindings(source, out);
  const script = /<script\b[^>]*>([\s\S]*?)<\/script>/g;
  for (const m of source.matchAll(script)) {
    const body = m[1] ?? '';
    const offset = (m.index ?? 0) + m[0].indexOf(body);
    out.push(...scriptFindings(body, lineOf(source, offset)));
  }
  return out.sort((a, b) => a.line - b.line);
}
