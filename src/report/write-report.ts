/** The one place a report touches the disk: its folder created when missing, the file written atomically. */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DoppelError } from '../shared/errors.js';
import { writeFileAtomically } from '../tasks/save.js';

export interface WrittenReport {
  readonly out: string;
  readonly bytes: number;
}

/** Writes the report's HTML to `out` and says how large it is. */
export async function writeReport(out: string, text: string): Promise<WrittenReport> {
  await mkdir(dirname(out), { recursive: true }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new DoppelError('refused', `Cannot create the folder of ${out} (${code}).`, { cause: error });
  });
  await writeFileAtomically(out, text);
  return { out, bytes: Buffer.byteLength(text) };
}
