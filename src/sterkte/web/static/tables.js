// Tables: the filter box narrows the rows as one types (the server does the same on
// Enter, so the URL remembers it and the page works without JavaScript).
document.querySelectorAll("form.filter[data-table]").forEach(function (form) {
  var table = document.querySelector('table[data-table="' + form.dataset.table + '"]');
  var input = form.querySelector("input[type=search]");
  var count = form.querySelector(".rows");
  if (!table || !input) return;
  var total = table.querySelectorAll("tbody tr[data-key]:not(.total)").length;
  input.addEventListener("input", function () {
    var q = input.value.trim().toLowerCase();
    var shown = 0;
    table.querySelectorAll("tbody tr[data-key]").forEach(function (tr) {
      var hit = !q || tr.textContent.toLowerCase().indexOf(q) >= 0;
      tr.hidden = !hit;
      if (hit && !tr.classList.contains("total")) shown += 1;
    });
    if (count) count.textContent = count.textContent.replace(/^\d+/, String(shown));
  });
});
