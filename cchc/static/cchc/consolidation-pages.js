// Period switcher of the consolidation page: go to the chosen period's page without a submit button.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-period-switch] select").forEach(function (select) {
    select.addEventListener("change", function () {
      window.location.href = select.dataset.urlTemplate.replace("KY", encodeURIComponent(select.value));
    });
  });
});
