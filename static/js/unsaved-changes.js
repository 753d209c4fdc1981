// Before leaving a page whose form holds unsaved typing (the session note), ask with the
// browser's own "Leave site?" prompt. Saving the form is not leaving. A form that came
// back from the server (with mistakes, or an edit conflict) holds unsaved typing already:
// it carries data-unsaved-warning="changed".
document.addEventListener("DOMContentLoaded", function () {
  var forms = document.querySelectorAll("form[data-unsaved-warning]");
  if (!forms.length) {
    return;
  }
  var changed = false;
  var saving = false;
  forms.forEach(function (form) {
    if (form.getAttribute("data-unsaved-warning") === "changed") {
      changed = true;
    }
    form.addEventListener("input", function () { changed = true; });
    form.addEventListener("change", function () { changed = true; });
    form.addEventListener("submit", function () { saving = true; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed && !saving) {
      event.preventDefault();
      event.returnValue = "";  // older Chromium shows the prompt only with this set
    }
  });
});
