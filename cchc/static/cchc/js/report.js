// Data entry page: warn before leaving with unsaved changes (base.js asks before signing).
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("report-form");
  if (!form) return;
  var dirty = false;
  var submitting = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("change", function () { dirty = true; });
  form.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) submitting = true;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});

// Review: highlight the rows and narrative parts that changed since the version returned (listed in
// the review box), and let the action bar's "Trả lại…" open the reason box at the top.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.getElementById("review-changes");
  if (box) {
    (box.getAttribute("data-codes") || "").split(" ").forEach(function (code) {
      var row = code && document.getElementById("row-" + code);
      if (!row) return;
      row.classList.add("changed");
      var cell = box.querySelector('tr[data-changed="' + code + '"] td.before');
      var input = row.querySelector("td.input");
      if (cell && input) {
        var was = document.createElement("span");
        was.className = "changed-was";
        was.textContent = "trước: " + cell.textContent;
        input.appendChild(was);
      }
    });
    (box.getAttribute("data-parts") || "").split(" ").forEach(function (part) {
      var el = part && document.getElementById("part-" + part);
      if (el) el.classList.add("narrative-changed");
    });
  }
  var open = document.querySelector("[data-open-return]");
  if (open) {
    open.addEventListener("click", function () {
      var details = document.querySelector("#review details.return-box");
      if (details) details.open = true;
      var reason = document.getElementById("id_reason");
      if (reason) setTimeout(function () { reason.focus(); }, 0);
    });
  }
});
