import { parseArgs } from 'node:util';
import { SERVICES } from '../../services/registry.js';

const LABEL: Record<string, string> = { s3control: 'S3 Control', organizations: 'Organizations' };

/** The implemented operations as a markdown list: each service's docs page (docs/iam.md…) lists its line, checked by a test. */
export function operationsMarkdown(): string {
  const lines: string[] = [];
  for (const [service, { operations }] of Object.entries(SERVICES)) {
    const names = Object.keys(operations).sort();
    lines.push(`- **${LABEL[service] ?? service.toUpperCase()}** (${names.length}): ${names.map((n) => `\`${n}\``).join(', ')}`);
  }
  return lines.join('\n');
}

export async function operationsCommand(args: string[]): Promise<number> {
  parseArgs({ args }); // it takes no options: anything else is a usage error
  process.stdout.write(`${operationsMarkdown()}\n`);
  return 0;
}
