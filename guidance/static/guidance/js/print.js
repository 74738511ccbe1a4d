// Shows the "Print this guidance" button only where JavaScript can print.
document.querySelectorAll("[data-bpt-print]").forEach(function (button) {
  button.closest("[hidden]").hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
