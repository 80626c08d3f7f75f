/**
 * Rewrites some sections of an INI text (an AWS config or credentials file)
 * and leaves every other byte as it was: the user's own profiles, comments,
 * blank lines, order and line endings. An INI library would parse and
 * re-serialize the whole file, losing what it does not model (comments,
 * spacing), hence this line-level splice.
 */

/** A section to own: its header's name ("profile utils", "utils") and its key lines, without line ends. */
export interface OwnedSection { name: string; lines: string[] }

interface Line { text: string; end: string }

/**
 * The text with each owned section replaced in place (header and keys), and those missing appended.
 * An owned section ends at its last key line: comments and blank lines after it belong to what follows.
 * A later duplicate of an owned section is dropped (the CLI refuses a file with duplicate sections).
 */
export function replaceSections(text: string, owned: OwnedSection[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = splitLines(text);
  const wanted = new Map(owned.map((s) => [s.name, s]));
  const written = new Set<string>();
  let out = '';
  for (let i = 0; i < lines.length;) {
    const name = sectionName(lines[i].text);
    const section = name === undefined ? undefined : wanted.get(name);
    if (!section) {
      out += lines[i].text + lines[i].end;
      i++;
      continue;
    }
    const end = endOfSection(lines, i);
    if (!written.has(section.name)) out += render(section, eol);
    written.add(section.name);
    i = end;
  }
  const missing = owned.filter((s) => !written.has(s.name));
  if (missing.length === 0) return out;
  // Appended sections are set apart from what comes before by one blank line, as the CLI writes them.
  if (out !== '' && !out.endsWith('\n')) out += eol;
  if (out !== '' && !/(^|\n)[ \t]*\r?\n$/.test(out)) out += eol;
  return out + missing.map((s) => render(s, eol)).join(eol);
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  for (let m = re.exec(text); m && m.index < text.length; m = re.exec(text)) {
    lines.push({ text: m[1], end: m[2] });
    if (m[2] === '') break;
  }
  return lines;
}

/** The name a header line gives its section ("profile utils", with runs of blanks as one space), or undefined for any other line. */
export function sectionName(line: string): string | undefined {
  const m = /^\s*\[([^\]]*)\]\s*(?:[#;].*)?$/.exec(line);
  return m ? m[1].trim().split(/\s+/).join(' ') : undefined;
}

/** The index after a section's last key line (or after its header, if it has none). */
function endOfSection(lines: Line[], header: number): number {
  let end = header + 1;
  for (let i = header + 1; i < lines.length && sectionName(lines[i].text) === undefined; i++) {
    if (!isBlankOrComment(lines[i].text)) end = i + 1;
  }
  return end;
}

const isBlankOrComment = (line: string) => /^\s*([#;].*)?$/.test(line);

const render = (s: OwnedSection, eol: string) => [`[${s.name}]`, ...s.lines].map((l) => l + eol).join('');
