// A JSON result as a folding tree: every object and array is a <details> element, so it opens
// and closes without any script, and every key and value goes through inertHtml. The tree is
// bounded in nodes (a huge result falls back to pretty-printed text). Pure, so it is unit-tested.
import { inertHtml } from './resultText';

/** Most values drawn as a tree; a larger result is shown as pretty-printed text. */
export const MAX_TREE_NODES = 5000;

/** The parsed value when the text is a JSON object or array (what is worth a tree), else undefined. */
export function detectJson(text: string): { value: unknown } | undefined {
  const t = text.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** HTML of the value as a tree whose objects and arrays fold, or undefined when it has more than `maxNodes` values. */
export function jsonTreeHtml(value: unknown, maxNodes = MAX_TREE_NODES): string | undefined {
  let budget = maxNodes;
  const node = (v: unknown): string | undefined => {
    if (--budget < 0) return undefined;
    if (v === null || typeof v !== 'object')
      return `<span class="j-${v === null ? 'null' : typeof v}">${inertHtml(JSON.stringify(v))}</span>`;
    const isArray = Array.isArray(v);
    const entries: [string, unknown][] = isArray ? (v as unknown[]).map((x, i) => [String(i), x]) : Object.entries(v);
    const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
    if (!entries.length) return `<span>${open}${close}</span>`;
    const items: string[] = [];
    for (const [k, x] of entries) {
      const inner = node(x);
      if (inner === undefined) return undefined;
      items.push(`<li>${isArray ? '' : `<span class="j-key">${inertHtml(JSON.stringify(k))}</span>: `}${inner}</li>`);
    }
    const count = isArray ? plural(entries.length, 'item', 'items') : plural(entries.length, 'key', 'keys');
    return `<details open><summary>${open} <span class="dim">${count}</span></summary><ul class="j">${items.join('')}</ul>${close}</details>`;
  };
  return node(value);
}
