// "Copy link" beside a private link's address. The button is hidden in the page and shown
// here, so without JavaScript there is only the read-only field to select. Where the
// clipboard can't be written, the address is selected for Ctrl+C instead. The status
// next to the button (aria-live) says which happened.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-copy-target]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field) {
      return;
    }
    function say(text) {
      if (status) {
        // Emptied first, so the same words are announced again on a second copy.
        status.textContent = "";
        window.setTimeout(function () { status.textContent = text; }, 50);
      }
    }
    function selectForCopying() {
      field.focus();
      field.select();
      say("Selected: press Ctrl+C (or Cmd+C) to copy.");
    }
    field.addEventListener("focus", function () { field.select(); });
    button.hidden = false;
    button.addEventListener("click", function () {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value.trim()).then(function () {
          say("Copied");
        }, selectForCopying);
      } else {
        selectForCopying();
      }
    });
  });
});
