/* Reads a JSON array of xAPI statements on stdin; prints, for each, the list of
   xapi-validation warnings as [{path, name}] (an empty list = a valid statement). */
"use strict";
const path = require("path");
const validate = require(path.join(__dirname, "..", "node_modules", "xapi-validation")).default;
let input = "";
process.stdin.on("data", (d) => { input += d; });
process.stdin.on("end", () => {
  const out = JSON.parse(input).map((s) => validate(s).map((w) => ({ path: w.path.join("."), name: w.name })));
  process.stdout.write(JSON.stringify(out));
});
