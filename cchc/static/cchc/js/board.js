// Status board: choosing another period opens its board at once (the "Xem" button is for no-JS).
document.addEventListener("DOMContentLoaded", function () {
  var select = document.querySelector("[data-board-periods]");
  if (!select) return;
  var go = document.querySelector("[data-board-go]");
  if (go) go.classList.add("hidden");
  select.addEventListener("change", function () { select.form.submit(); });
});
// "In bảng": the browser's print, laid out by the print CSS (A4 landscape, every column).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
});
