// Typeset TeX with KaTeX, for the site's build (_ext/course_math.py).
//
// Reads a JSON list of [tex, display] pairs on stdin and writes a JSON
// list of the same length: for each pair, {"html": ...} (KaTeX's HTML,
// which the page shows, and its MathML, which a screen reader reads and
// which carries the TeX for copying), or {"error": ...}: KaTeX's message
// for TeX it cannot typeset. Nothing is left for the reader's browser.
//
// Usage: node tools/katex_render.js < in.json > out.json

"use strict";
const katex = require("katex");

function typeset([tex, display]) {
  try {
    return {html: katex.renderToString(tex, {
      displayMode: Boolean(display),
      output: "htmlAndMathml",
      throwOnError: true,
      // TeX that KaTeX would only warn about (unicode in math, say) is
      // an error too: the build shows it rather than a browser guessing
      strict: "error",
      trust: false,
    })};
  } catch (error) {
    return {error: String(error.message || error)};
  }
}

const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", () => {
  const items = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  process.stdout.write(JSON.stringify(items.map(typeset)));
});
