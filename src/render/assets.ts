/** Static assets served by the Worker: the one stylesheet and the icon. No JavaScript. */

export const stylesheet = `:root {
  color-scheme: light dark;
  --text: #1b1b1b; --muted: #5c5c5c; --bg: #fdfcfa; --rule: #dcd8d0; --accent: #8a1c1c;
  --serif: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root { --text: #e8e6e3; --muted: #a8a49d; --bg: #16181a; --rule: #3a3d40; --accent: #f08a7e; }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 1.125rem/1.65 var(--serif); font-kerning: normal;
}
main, .masthead, .site-footer { max-width: 42rem; margin: 0 auto; padding: 0 1.25rem; }
.masthead { padding-top: 1rem; padding-bottom: .75rem; border-bottom: 1px solid var(--rule); }
.brand { font: 700 1.25rem/1.2 var(--sans); color: var(--text); text-decoration: none; letter-spacing: -.01em; }
a { color: var(--accent); text-underline-offset: .15em; }
h1, h2, h3 { font-family: var(--sans); line-height: 1.2; letter-spacing: -.015em; text-wrap: balance; }
h1 { font-size: clamp(1.6rem, 1.1rem + 2.4vw, 2.4rem); margin: 1.5rem 0 .75rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .5rem; }
h3 { font-size: 1.15rem; margin: 0 0 .25rem; }
p { margin: 0 0 1.1em; }
.kicker { font: 600 .85rem/1.2 var(--sans); text-transform: uppercase; letter-spacing: .06em; color: var(--accent); margin: 1.5rem 0 0; }
.byline, .dateline, .hint { font: .9rem/1.4 var(--sans); color: var(--muted); margin: 0 0 .35rem; }
.byline { color: var(--text); font-weight: 600; }
.article-header { margin-bottom: 1.5rem; }
.article-body > p:first-child { font-size: 1.2em; line-height: 1.55; }
.lead-image { margin: 1.5rem 0; }
.lead-image img { display: block; width: 100%; height: auto; background: var(--rule); }
.lead-image figcaption { font: .875rem/1.45 var(--sans); color: var(--muted); padding-top: .5rem; border-top: 1px solid var(--rule); }
.lead-image:not(:has(img)) figcaption { border-left: 3px solid var(--rule); border-top: 0; padding: .25rem 0 .25rem .75rem; }
.credit { white-space: nowrap; }
.tags { border-top: 1px solid var(--rule); margin-top: 2rem; font-family: var(--sans); }
.tags h2 { font-size: .85rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 1rem 0 .5rem; }
.tags ul { list-style: none; padding: 0; margin: 0; display: flex; flex-wrap: wrap; gap: .5rem; }
.tags li { font-size: .85rem; border: 1px solid var(--rule); border-radius: 1rem; padding: .1rem .7rem; }
.tagline { font: 1rem/1.5 var(--sans); color: var(--muted); margin-top: 1.25rem; }
.article-list { list-style: none; padding: 0; margin: 0; }
.article-list li { padding: 1rem 0; border-bottom: 1px solid var(--rule); }
.article-list h3 a { color: var(--text); text-decoration: none; }
.article-list h3 a:hover, .article-list h3 a:focus { text-decoration: underline; }
.subscribe { margin: 2.5rem 0; padding: 1.25rem; border: 1px solid var(--rule); border-radius: .5rem; font-size: 1rem; }
.subscribe h2 { margin-top: 0; }
.feed-list dt { font: 700 1rem/1.3 var(--sans); margin-top: .9rem; }
.feed-list dd { margin: .2rem 0 0; overflow-wrap: anywhere; font: .95rem/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.site-footer { border-top: 1px solid var(--rule); margin-top: 3rem; padding-top: 1rem; padding-bottom: 2rem; font: .875rem/1.5 var(--sans); color: var(--muted); }
.kicker a { color: inherit; text-decoration: none; }
.byline a { color: inherit; }
.tags li a { color: inherit; text-decoration: none; }
.sections ul { list-style: none; padding: 0; margin: 1rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; font: 600 .9rem/1.6 var(--sans); }
.sections a { color: var(--text); text-decoration: none; }
.sections a:hover, .sections a:focus { color: var(--accent); text-decoration: underline; }
.listing-header h1 { margin-top: .25rem; }
.corrections { margin: 2rem 0; padding: .75rem 1rem; border-left: 3px solid var(--accent); font: .95rem/1.5 var(--sans); }
.corrections h2 { font-size: .85rem; text-transform: uppercase; letter-spacing: .06em; margin: 0 0 .35rem; }
.corrections ul { margin: 0; padding-left: 1.1rem; }
.partners code, .partners a { overflow-wrap: anywhere; }
.partners code { font-size: .9em; }
.toc { font: .95rem/1.6 var(--sans); }
.fields { width: 100%; table-layout: fixed; border-collapse: collapse; font: .9rem/1.45 var(--sans); }
.fields th[scope="row"], .fields thead th:first-child { width: 38%; }
.fields th, .fields td { text-align: left; vertical-align: top; padding: .4rem .5rem .4rem 0; border-bottom: 1px solid var(--rule); overflow-wrap: anywhere; }
.example { max-height: 32rem; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; font: .8rem/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: color-mix(in srgb, var(--rule) 25%, transparent); padding: .75rem; border-radius: .35rem; }
.partners-teaser { font-size: 1rem; }
.withdrawn .notice { font: 600 1.05rem/1.5 var(--sans); color: var(--accent); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

export const icon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#8a1c1c"/><circle cx="18" cy="46" r="6" fill="#fff"/><path d="M12 28a24 24 0 0 1 24 24h-7a17 17 0 0 0-17-17z" fill="#fff"/><path d="M12 13a39 39 0 0 1 39 39h-7a32 32 0 0 0-32-32z" fill="#fff"/></svg>
`;
