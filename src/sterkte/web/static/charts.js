// Draw every chart whose plotly figure (JSON) sits in its data-figure attribute. The
// toolbar stands upright at the right edge, so it never covers the chart's title.
document.querySelectorAll(".chart[data-figure]").forEach(function (el) {
  var fig = JSON.parse(el.getAttribute("data-figure"));
  fig.layout.modebar = Object.assign({orientation: "v"}, fig.layout.modebar || {});
  Plotly.newPlot(el, fig.data, fig.layout, {
    displaylogo: false, responsive: true,
    modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d"]});
});
