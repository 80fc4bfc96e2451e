// Parsing alone, no KPI work: csv-parse (the reference parser, records as arrays) against
// csm-kpi's scanner, on the same file. node bench/parse-only.mjs csv-parse|scanner FILE
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { readCsv } from '../dist/input/csv/read-csv.js';

const [engine, file] = process.argv.slice(2);
let fields = 0, records = 0;
if (engine === 'csv-parse') {
  const parser = createReadStream(file).pipe(parse({ relax_column_count: true, relax_quotes: true }));
  for await (const record of parser) {
    records++;
    fields += record.length;
  }
} else {
  readCsv({ path: file, name: file, encoding: 'utf-8' }, () => undefined, (f) => {
    records++;
    fields += f.length;
  });
  records++; // the header, which csv-parse counts as a record
}
console.log(JSON.stringify({ records, fields }));
