// Status board: choosing another period opens its board.
document.addEventListener("DOMContentLoaded", function () {
  var select = document.querySelector("[data-board-periods]");
  if (!select) return;
  select.addEventListener("change", function () { window.location.href = select.value; });
});
