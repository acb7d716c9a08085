import { describe, expect, it } from 'vitest';
import { UNTRANSLATED } from './untranslated';
import { componentFindings, scriptFindings, type Finding } from './words';

const components = import.meta.glob('../**/*.svelte', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;
const scripts = import.meta.glob('../**/*.ts', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

/** Source files people's words could hide in, by path under src/. */
function sources(): Map<string, Finding[]> {
  const found = new Map<string, Finding[]>();
  for (const [path, source] of Object.entries(components)) found.set(path.slice(3), componentFindings(source));
  for (const [path, source] of Object.entries(scripts)) {
    const name = path.slice(3);
    if (/\.(test|messages|d)\.ts$/.test(name) || name === 'i18n/words.ts') continue;
    found.set(name, scriptFindings(source));
  }
  return found;
}

describe('words people read', () => {
  const found = sources();

  it('come from the message catalogue', () => {
    const bypassing = [...found]
      .filter(([path, list]) => list.length > 0 && !UNTRANSLATED.includes(path))
      .map(([path, list]) => `${path}\n${list.map((f) => `  line ${f.line}: ${JSON.stringify(f.text)}`).join('\n')}`);
    expect(bypassing, 'words written into a component instead of its *.messages.ts').toEqual([]);
  });

  it('leave the list of files still in English once they are translated', () => {
    const done = UNTRANSLATED.filter((path) => (found.get(path) ?? []).length === 0);
    expect(done, 'take these off src/i18n/untranslated.ts').toEqual([]);
  });

  it('are found in markup, attributes, expressions and scripts', () => {
    const component = [
      '<script lang="ts">',
      "  const label = 'Save the card';",
      "  if (key === 'Enter Key') go();",
      "  throw new Error('Not for people');",
      "  const QUERY = '(prefers-color-scheme: dark)';",
      '</script>',
      '<p title="Hover words" class="a b">Hello {name}</p>',
      "<Button label=\"Click me\" tone=\"danger\">{busy ? 'Saving…' : 'Save'}</Button>",
      '<span style:--x="var(--y)" data-testid="some-id">{count} · {total}</span>',
      '<p>Jira · GitHub</p>',
      '<Deferred what="the chart" tone="quiet" />',
    ].join('\n');
    expect(componentFindings(component).map((f) => f.text)).toEqual([
      'Save the card',
      'Hover words',
      'Hello',
      'Click me',
      'Saving…',
      'Save',
      'the chart',
    ]);
  });
});
