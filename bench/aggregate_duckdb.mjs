// DuckDB's side of bench/indicators.sh: loads WORK/data.csv and WORK/anc.csv
// into an in-memory database (timed as the load), runs WORK/query.sql into a
// table (timed as the query, best of RUNS), writes the answer to
// WORK/duckdb.csv ordered by unit and period, and prints one line:
// "VERSION<TAB>LOAD_S<TAB>QUERY_S".
//
//   node bench/aggregate_duckdb.mjs WORK RUNS   (NODE_PATH: where @duckdb/node-api is)
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const { DuckDBInstance } = require("@duckdb/node-api");

const [work, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 1);
const query = readFileSync(join(work, "query.sql"), "utf8").trim().replace(/;$/, "");
const header = readFileSync(join(work, "data.csv"), "utf8").slice(0, 4096).split("\n")[0];
const columns = header.split(",").map((c) =>
  `'${c}': '${c === "unit" || c === "month" || c === "year" ? "INTEGER" : "DOUBLE"}'`);

const instance = await DuckDBInstance.create(":memory:");
const db = await instance.connect();
const version = (await db.runAndReadAll("SELECT version()")).getRows()[0][0];
const seconds = (t) => Number(process.hrtime.bigint() - t) / 1e9;

let t = process.hrtime.bigint();
await db.run(`CREATE TABLE fact AS SELECT * FROM read_csv('${join(work, "data.csv")}', ` +
  `header = true, columns = {${columns.join(", ")}})`);
await db.run(`CREATE TABLE anc AS SELECT * FROM read_csv('${join(work, "anc.csv")}', ` +
  `header = true, columns = {'unit': 'INTEGER', 'anc': 'INTEGER'})`);
const load = seconds(t);

let best = Infinity;
for (let r = 0; r < runs; ++r) {
  await db.run("DROP TABLE IF EXISTS result");
  t = process.hrtime.bigint();
  await db.run(`CREATE TABLE result AS ${query}`);
  best = Math.min(best, seconds(t));
}
await db.run(`COPY (SELECT * FROM result ORDER BY unit, period) TO '${join(work, "duckdb.csv")}' ` +
  "(HEADER, DELIMITER ',')");
console.log(`duckdb ${version}\t${load.toFixed(2)}\t${best.toFixed(3)}`);
