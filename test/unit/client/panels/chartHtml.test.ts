// The chart pages' shell: a strict nonce CSP, the bundled script loaded by src (nothing inline
// but the nonce'd style), and every value from outside escaped.
import { describe, expect, it } from 'vitest';
import { chartPage, dashboardBody, loadTestBody } from '../../../../client/src/panels/chartHtml';

describe('chartPage', () => {
  const hostile = '<img src=x onerror=alert(1)>"\'&';
  const page = chartPage({
    nonce: 'N0nce',
    cspSource: 'vscode-resource:',
    cssUri: 'vscode-resource:/dist/webview/uPlot.min.css',
    scriptUri: 'vscode-resource:/dist/webview/loadTest.js',
    title: hostile,
    body: loadTestBody(hostile),
  });

  it('allows scripts only by nonce, loads nothing from elsewhere, and runs no inline script', () => {
    expect(page).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src vscode-resource: 'nonce-N0nce'; script-src 'nonce-N0nce'; img-src 'none'; font-src 'none'; connect-src 'none'; form-action 'none'; base-uri 'none';">`,
    );
    const scripts = [...page.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => m[0])).toEqual([
      '<script nonce="N0nce" src="vscode-resource:/dist/webview/loadTest.js"></script>',
    ]);
    expect(page).not.toMatch(/https?:\/\//);
    expect(page).not.toMatch(/<[^>]*\son[a-z]+=/i);
  });

  it('escapes outside text in the title and the body', () => {
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(dashboardBody(hostile)).not.toContain('<img');
  });
});
