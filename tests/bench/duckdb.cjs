// The DuckDB peer of make bench: rule.sql over the two CSV files of DIR, read by DuckDB's
// read_csv as text columns (as sqlite3's .import does), with THREADS threads (default 2).
// Prints "LINES TOTAL_FEN". @duckdb/node-api is installed by bench.py into a local folder and
// found through NODE_PATH; it is not a dependency of benefitroll.
// Usage: node duckdb.cjs DIR [THREADS]
'use strict';
const fs = require('fs');
const path = require('path');
const { DuckDBInstance } = require('@duckdb/node-api');

function quoted(text) {
  return "'" + text.replaceAll("'", "''") + "'";
}

async function main() {
  const dir = path.resolve(process.argv[2]);
  const threads = process.argv[3] || '2';
  const rule = fs.readFileSync(path.join(__dirname, 'rule.sql'), 'utf8');
  const instance = await DuckDBInstance.create(':memory:', { threads });
  const connection = await instance.connect();
  for (const table of ['households', 'members']) {
    const file = quoted(path.join(dir, table + '.csv'));
    await connection.run(`CREATE VIEW ${table} AS SELECT * FROM read_csv(${file}, ` +
                         `header = true, all_varchar = true)`);
  }
  const reader = await connection.runAndReadAll(rule);
  const [lines, total] = reader.getRows()[0];
  console.log(`${lines} ${total}`);
  connection.closeSync();
}

main().catch((error) => {
  console.error(`duckdb.cjs: ${error.message}`);
  process.exit(1);
});
