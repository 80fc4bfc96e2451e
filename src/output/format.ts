/** The output formats of compute, and the one an --output file's extension asks for. */
export const FORMATS = ['table', 'json', 'csv', 'html', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

const BY_EXTENSION: Record<string, Format> = {
  '.json': 'json',
  '.csv': 'csv',
  '.html': 'html',
  '.htm': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
};

/**
 * An explicit --format wins; otherwise `--output report.html` gives html, .md markdown,
 * and so on; any other file or stdout gets the table.
 *
 * @example outputFormat(undefined, 'kpi/report.HTML') // "html"
 */
export function outputFormat(given: Format | undefined, output: string | undefined): Format {
  if (given !== undefined) return given;
  const ext = output?.match(/\.[^./\\]+$/)?.[0].toLowerCase();
  return (ext && BY_EXTENSION[ext]) || 'table';
}
