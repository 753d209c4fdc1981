// After a form comes back with errors, move the focus to the first field in error so
// keyboard and screen-reader users land on it (its message is linked by aria-describedby).
document.addEventListener("DOMContentLoaded", function () {
  var first = document.querySelector('main [aria-invalid="true"], main .is-invalid');
  if (first && typeof first.focus === "function") {
    first.focus();
  }
});
