// The plotly.js the site serves: plotly.js's core (scatter) plus only the trace types the
// workbook draws, bundled by esbuild in `make node_modules` into
// node_modules/.commlib/plotly.min.js (about a third of the full plotly.min.js, gzip-compressed).
// The version is pinned in package.json to the plotly.js that the plotly Python package ships,
// so the figure JSON stored in the notebooks and the browser code always agree
// (tests/test_plotly_bundle.py checks both, and that every trace type the book uses is
// registered here).
var Plotly = require("plotly.js/lib/core");

Plotly.register([
  require("plotly.js/lib/bar"),
  require("plotly.js/lib/box"),
  require("plotly.js/lib/histogram"),
  require("plotly.js/lib/pie"),
  require("plotly.js/lib/sankey"),
  require("plotly.js/lib/sunburst"),
  require("plotly.js/lib/treemap"),
]);

module.exports = Plotly;
