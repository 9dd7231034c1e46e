// bench/extract_readability.js - the peer for bench/extract: runs Mozilla
// Readability (with jsdom) over the pages named on the command line in one
// warm Node process and writes one JSON line per page: {"file", "text"}.
// The time of the loop (parsing + extraction, not module loading) is
// printed on stderr as "seconds N", its CPU time (user + system) as
// "cpu N".  Benchmark only: never a dependency of
// credence.
"use strict";
const fs = require("fs");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

const files = process.argv.slice(2);
const quiet = new VirtualConsole(); // pages' CSS/script errors are not ours
const out = [];
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
for (const file of files) {
  let text = "";
  try {
    const html = fs.readFileSync(file, "utf8");
    const dom = new JSDOM(html, { url: "https://example.org/", virtualConsole: quiet });
    const art = new Readability(dom.window.document).parse();
    text = art && art.textContent ? art.textContent : "";
    dom.window.close();
  } catch (e) {
    process.stderr.write(`${file}: ${e.message}\n`);
  }
  out.push(JSON.stringify({ file, text }));
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
const c1 = process.cpuUsage(c0);
fs.writeSync(1, out.join("\n") + "\n");
process.stderr.write(`seconds ${secs.toFixed(3)}\n`);
process.stderr.write(`cpu ${((c1.user + c1.system) / 1e6).toFixed(3)}\n`);
