/**
 * A small, safe Markdown-to-HTML renderer for event texts shown in webviews: everything is escaped first, then
 * only **bold**, *emphasis*, `code` and [links](url) are recognised (an image, as a link to it). Links only for http, https, mailto and
 * relative paths; no raw HTML ever; no command:, vscode:, javascript:, data: or any other scheme.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' }[c]!));
}

/** The link target if it is allowed, else undefined. */
export function safeHref(url: string): string | undefined {
  const u = url.trim();
  // Strip control characters and whitespace that browsers ignore inside schemes ("java\tscript:").
  const probe = u.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(probe);
  if (scheme) return ['http', 'https', 'mailto'].includes(scheme[1]) ? u : undefined;
  if (probe.startsWith('//') || probe.startsWith('\\\\')) return undefined; // protocol-relative
  if (/^&#|%0*[0-9a-f]{2}.*:/i.test(probe)) return undefined;
  return u; // relative
}

export function renderSafeMarkdown(text: string): string {
  const codes: string[] = [];
  // Code spans first: their content is shown literally.
  let s = text.replace(/`([^`\n]+)`/g, (_m, c: string) => { codes.push(`<code>${escapeHtml(c)}</code>`); return `\u0000${codes.length - 1}\u0000`; });
  const links: string[] = [];
  // An image is shown as a link to it (nothing is fetched), labelled as an image: never `!` before a link.
  s = s.replace(/(!?)\[([^\]\n]{0,200})\]\(([^()\s]{1,2000})\)/g, (m, bang: string, label: string, url: string) => {
    const href = safeHref(url);
    const text = bang ? `image: ${label || url}` : label;
    const html = href === undefined || (!bang && !label) ? escapeHtml(m) : `<a href="${escapeHtml(href)}" title="${escapeHtml(href)}">${escapeHtml(text)}</a>`;
    links.push(html);
    return `\u0001${links.length - 1}\u0001`;
  });
  s = escapeHtml(s)
    .replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[^*])\*([^*\n]+)\*/g, '$1<em>$2</em>');
  return s.replace(/\u0001(\d+)\u0001/g, (_m, i: string) => links[Number(i)]).replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)]);
}
