/**
 * Relative links of markdown pages, checked the way GitHub would follow them: the target must be a
 * file (or a folder holding one) of the repository, and a #anchor must name a heading of the target
 * page by GitHub's heading ids. Pure: the caller says which files the repository has and what its
 * pages hold, so a bad sample can be checked as well as the real tree.
 */
import { posix } from 'node:path';

/** A link that does not resolve: where it is, what it says, and why it fails. */
export interface BrokenLink { page: string; line: number; target: string; reason: string }

/** Fenced blocks and code spans hold no links: blank them, keeping line numbers and lengths. */
function withoutCode(markdown: string): string {
  const lines = markdown.split('\n');
  let fence: string | undefined;
  return lines.map((line) => {
    const opener = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (opener && opener[0] === fence[0] && opener.length >= fence.length) fence = undefined;
      return '';
    }
    if (opener) { fence = opener; return ''; }
    return line.replace(/(`+)[\s\S]*?\1/g, (span) => ' '.repeat(span.length));
  }).join('\n');
}

/** GitHub's id for a heading's text: lower case, punctuation other than - and _ dropped, spaces as -. */
export function headingSlug(heading: string): string {
  const text = heading
    .replace(/<[^>]*>/g, '') // inline HTML
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images keep their text
    .replace(/[`*]/g, ''); // code spans and emphasis keep their text
  return text.trim().toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
}

/** The anchors a page offers: each heading's id (repeats get -1, -2… as on GitHub) and explicit ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const lines = withoutCode(markdown).split('\n');
  for (const line of lines) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (heading) {
      const slug = headingSlug(heading[1]);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    for (const m of line.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(m[1]);
  }
  return anchors;
}

/** Every link target of a page outside code: inline links and images, and reference definitions. */
export function linksOf(markdown: string): { line: number; target: string }[] {
  const links: { line: number; target: string }[] = [];
  withoutCode(markdown).split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/!?\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line: i + 1, target: m[1].replace(/^<|>$/g, '') });
    }
    const definition = /^ {0,3}\[[^\]]+\]:\s*(\S+)/.exec(text);
    if (definition) links.push({ line: i + 1, target: definition[1].replace(/^<|>$/g, '') });
  });
  return links;
}

/**
 * The links of `pages` (path → markdown, paths relative to the repository root, / separated) that do
 * not resolve within `files`, the repository's files. Links with a scheme (https:, mailto:) are not
 * checked; an anchor into a markdown file (read with `read` when it is not one of `pages`) must be one
 * of its headings, into any other file a line (#L12).
 */
export function brokenLinks(pages: Map<string, string>, files: Set<string>, read: (file: string) => string = (file) => pages.get(file) ?? ''): BrokenLink[] {
  const folders = new Set<string>();
  for (const file of files) for (let dir = posix.dirname(file); dir !== '.'; dir = posix.dirname(dir)) folders.add(dir);
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (page: string) => {
    if (!anchorCache.has(page)) anchorCache.set(page, anchorsOf(pages.get(page) ?? read(page)));
    return anchorCache.get(page)!;
  };
  const broken: BrokenLink[] = [];
  for (const [page, markdown] of pages) {
    for (const { line, target } of linksOf(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:… are not the repository's
      const fail = (reason: string) => broken.push({ page, line, target, reason });
      const hash = target.indexOf('#');
      const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
      const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
      const resolved = pathPart === ''
        ? page
        : posix.normalize(pathPart.startsWith('/') ? pathPart.slice(1) : posix.join(posix.dirname(page), pathPart)).replace(/\/$/, '');
      if (resolved === '..' || resolved.startsWith('../')) { fail('leaves the repository'); continue; }
      const isFolder = folders.has(resolved) || resolved === '.';
      if (!files.has(resolved) && !isFolder) { fail(`no file ${resolved} in the repository`); continue; }
      if (anchor === undefined) continue;
      if (isFolder) { fail('an anchor into a folder'); continue; }
      if (resolved.endsWith('.md')) {
        if (!anchors(resolved).has(anchor)) fail(`${resolved} has no heading #${anchor}`);
      } else if (!/^L\d+(-L\d+)?$/.test(anchor)) {
        fail(`#${anchor} is not a line of ${resolved}`);
      }
    }
  }
  return broken;
}
