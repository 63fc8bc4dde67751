// Draw every chart whose plotly figure (JSON) sits in its data-figure attribute.
document.querySelectorAll(".chart[data-figure]").forEach(function (el) {
  var fig = JSON.parse(el.getAttribute("data-figure"));
  Plotly.newPlot(el, fig.data, fig.layout, {displaylogo: false, responsive: true});
});
