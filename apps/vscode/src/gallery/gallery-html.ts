import { randomBytes } from 'node:crypto';

/** A fresh nonce for one page load: 128 random bits, base64. */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The gallery's Content-Security-Policy: nothing by default; the page's own script and style (by
 * nonce and from the extension's media folder); images and media only from the webview's local
 * resource roots (`cspSource`); no remote content, no inline script, no eval, no frames, no forms.
 */
export function galleryCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `media-src ${cspSource}`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self' vscode-webview:",
  ].join('; ');
}

/** The page: the CSP, the stylesheet and the script (both by URI, the script also by nonce). */
export function galleryHtml(options: {
  cspSource: string;
  nonce: string;
  /** The page's scripts, in order (each loaded with the nonce). */
  scriptUris: readonly string[];
  styleUri: string;
}): string {
  const { cspSource, nonce, scriptUris, styleUri } = options;
  const scripts = scriptUris.map((uri) => `<script nonce="${nonce}" src="${uri}"></script>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${galleryCsp(cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${styleUri}" nonce="${nonce}">
<title>LTX Gallery</title>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Filter and sort">
  <label>State <select id="state">
    <option value="all">All</option><option value="succeeded">Succeeded</option>
    <option value="running">Running</option><option value="failed">Failed</option>
  </select></label>
  <label>Model <select id="model"><option value="all">All</option></select></label>
  <label>Endpoint <select id="endpoint"><option value="all">All</option></select></label>
  <label class="check"><input type="checkbox" id="favourites"> Favourites only</label>
  <label>Sort <select id="sort">
    <option value="date">Date</option><option value="duration">Duration</option>
    <option value="resolution">Resolution</option>
  </select></label>
  <button type="button" id="order" aria-label="Sort order: newest first">↓</button>
  <label class="check"><input type="checkbox" id="group" checked> Group takes</label>
  <button type="button" id="compare" disabled>Compare</button>
  <span id="count" role="status" aria-live="polite"></span>
</header>
<p id="notice" class="notice" hidden></p>
<main>
  <ul id="grid" class="grid" aria-label="Results"></ul>
  <p id="empty" class="empty" hidden></p>
</main>
<nav class="pager" aria-label="Pages">
  <button type="button" id="prev">‹ Previous</button>
  <span id="pageinfo"></span>
  <button type="button" id="next">Next ›</button>
</nav>
<footer class="keys">Keys: arrows move · Enter play/pause · Space select · C compare · F favourite · T takes · O open</footer>
<div id="compare-view" class="compare" role="dialog" aria-modal="true" aria-label="Compare" hidden>
  <div id="compare-grid" class="compare-grid"></div>
  <div class="compare-bar">
    <button type="button" id="cmp-play">Play</button>
    <input type="range" id="cmp-seek" min="0" max="1000" value="0" step="1" aria-label="Position">
    <span id="cmp-time">0.0 s</span>
    <button type="button" id="cmp-close">Close</button>
  </div>
  <p class="keys">Space play/pause · ←/→ seek 1 s · Home start · M switch sound · Esc close</p>
</div>
${scripts}
</body>
</html>`;
}
