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
