/*
 * The intake form, enhanced. Without this script every section shows, the leg questions
 * with them, and "Save draft" saves; with it:
 *
 * - Steps (`form[data-stepper]`, both forms): one section at a time, a "Step 2 of 5"
 *   line, the section links marked with aria-current, Back and Next. With
 *   `data-submit-last` (the client's form) the send button shows on the last step only,
 *   and Enter in an answer on an earlier step does not send the form.
 * - Leg questions: the sciatica signs show once leg symptoms are reported (the question
 *   answered Yes, or a buttock, thigh, calf or foot marked on the pain map), and stay
 *   while any of them is ticked, so no answer is ever hidden away.
 * - Error summary: focused after a failed submit; its links open the answer's section.
 * - Autosave (`form[data-autosave-url]`): a short pause after a change posts the form to
 *   the autosave address, which keeps the draft and answers its new revision; the
 *   revision field follows, so a later "Save draft" is not taken for someone else's.
 */
(function () {
  "use strict";

  var form = document.querySelector("form.intake-form");
  if (!form) {
    return;
  }
  // Saved 1.5 s after the last change, but at most once every 10 s (each save is an audit
  // row); "Save draft" saves at once.
  var AUTOSAVE_DELAY = 1500;
  var AUTOSAVE_GAP = 10000;
  var lastStarted = 0;

  // --- Steps -------------------------------------------------------------------------

  var sections = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  var stepper = form.hasAttribute("data-stepper") && sections.length > 1;
  var nav = document.querySelector("[data-step-nav]");
  var current = 0;
  var submitActions = form.hasAttribute("data-submit-last")
    ? form.querySelector("[data-submit-actions]")
    : null;

  function stepOf(element) {
    var section = element && element.closest("[data-step]");
    return section ? sections.indexOf(section) : -1;
  }

  function show(index, focusHeading) {
    if (!stepper || index < 0) {
      return;
    }
    current = index;
    sections.forEach(function (section, i) {
      section.hidden = i !== index;
    });
    var title = sections[index].querySelector("h2").textContent.trim();
    var stepStatus = nav && nav.querySelector("[data-step-status]");
    if (stepStatus) {
      stepStatus.textContent = "Step " + (index + 1) + " of " + sections.length + ": " + title;
    }
    if (nav) {
      nav.querySelectorAll("[data-step-link]").forEach(function (link, i) {
        if (i === index) {
          link.setAttribute("aria-current", "step");
        } else {
          link.removeAttribute("aria-current");
        }
      });
    }
    var back = form.querySelector("[data-step-back]");
    var next = form.querySelector("[data-step-next]");
    back.hidden = index === 0;
    next.hidden = index === sections.length - 1;
    if (index < sections.length - 1) {
      var nextTitle = sections[index + 1].querySelector("h2").textContent.trim();
      next.textContent = "Next: " + nextTitle;
    }
    if (submitActions) {
      submitActions.hidden = index !== sections.length - 1;
    }
    if (focusHeading) {
      var heading = sections[index].querySelector("h2");
      heading.focus({ preventScroll: true });
      (nav || heading).scrollIntoView({ block: "start", behavior: "instant" });
    }
  }

  if (stepper) {
    form.classList.add("intake-stepping");
    form.querySelector("[data-step-buttons]").hidden = false;
    form.querySelector("[data-step-back]").addEventListener("click", function () {
      show(current - 1, true);
    });
    form.querySelector("[data-step-next]").addEventListener("click", function () {
      show(current + 1, true);
    });
    if (nav) {
      nav.querySelectorAll("[data-step-link]").forEach(function (link, i) {
        link.addEventListener("click", function (event) {
          event.preventDefault();
          show(i, true);
        });
      });
    }
    if (submitActions) {
      form.addEventListener("keydown", function (event) {
        var field = event.target;
        if (
          event.key === "Enter" &&
          current < sections.length - 1 &&
          field.tagName === "INPUT" &&
          !/^(submit|button|image|reset)$/.test(field.type)
        ) {
          event.preventDefault();
        }
      });
    }
    var firstError = form.querySelector(".is-invalid, .invalid-feedback");
    var fromHash = location.hash ? document.getElementById(location.hash.slice(1)) : null;
    show(Math.max(stepOf(firstError || fromHash), 0), false);
  }

  // --- Leg questions ---------------------------------------------------------------

  var legSigns = form.querySelector("[data-leg-signs]");
  if (legSigns) {
    var legAreas = (legSigns.getAttribute("data-leg-areas") || "").split(" ");
    var legNone = form.querySelector("[data-leg-none]");

    var refreshLegs = function () {
      var yes = form.querySelector('input[name="leg_symptoms"][value="True"]:checked');
      var mapped = legAreas.some(function (code) {
        var box = form.querySelector('input[name="pain_regions"][value="' + code + '"]');
        return box && box.checked;
      });
      var ticked = legSigns.querySelector("input:checked");
      var open = Boolean(yes || mapped || ticked);
      legSigns.hidden = !open;
      if (legNone) {
        legNone.hidden = open;
      }
    };
    form.addEventListener("change", refreshLegs);
    // The pain map ticks its boxes by script, which fires no change event.
    form.querySelectorAll(".pain-area").forEach(function (area) {
      area.addEventListener("click", refreshLegs);
      area.addEventListener("keyup", refreshLegs);
    });
    refreshLegs();
  }

  // --- Error summary ---------------------------------------------------------------

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.querySelectorAll('a[href^="#"]').forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) {
          return;
        }
        event.preventDefault();
        show(stepOf(target), false);
        var details = target.closest("details");
        if (details) {
          details.open = true;
        }
        target.scrollIntoView({ block: "center", behavior: "instant" });
        target.focus();
      });
    });
    // After forms.js (loaded first), which focuses the first field in error.
    document.addEventListener("DOMContentLoaded", function () {
      summary.focus();
    });
  }

  // --- Autosave --------------------------------------------------------------------

  var autosaveUrl = form.getAttribute("data-autosave-url");
  var status = form.querySelector("[data-autosave-status]");
  if (!autosaveUrl || !window.fetch || !window.FormData) {
    return;
  }
  var timer = null;
  var pending = null; // the request in flight, if any
  var dirty = false;
  var submitting = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function revisionField() {
    var field = form.querySelector('input[name="revision"]');
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "revision";
      form.appendChild(field);
    }
    return field;
  }

  function saved(answer) {
    revisionField().value = answer.revision;
    if (answer.edit_url && form.getAttribute("action") !== answer.edit_url) {
      // The first autosave of a new intake made its draft: from now on, this page edits it.
      form.setAttribute("action", answer.edit_url);
      autosaveUrl = answer.autosave_url;
      if (window.history && history.replaceState) {
        history.replaceState(null, "", answer.edit_url);
      }
    }
    var words = "Draft saved " + answer.time;
    if (answer.unsaved) {
      words += " (" + answer.unsaved + " answer" + (answer.unsaved > 1 ? "s" : "") +
        " to check not saved)";
    }
    say(words + ".");
  }

  function autosave() {
    timer = null;
    if (pending || submitting) {
      dirty = true;
      return pending;
    }
    dirty = false;
    lastStarted = Date.now();
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
    say("Saving…");
    pending = fetch(autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(
          function (answer) {
            if (response.ok && answer.saved) {
              saved(answer);
            } else {
              say(answer.message || "Not saved: use “Save draft”.");
            }
          },
          function () {
            say("Not saved (" + response.status + "): use “Save draft”.");
          }
        );
      })
      .catch(function () {
        say("Not saved: no connection. Your answers are still here; try “Save draft”.");
      })
      .then(function () {
        pending = null;
        if (dirty && !submitting) {
          schedule();
        }
      });
    return pending;
  }

  function schedule() {
    if (timer) {
      clearTimeout(timer);
    }
    dirty = true;
    var wait = Math.max(AUTOSAVE_DELAY, lastStarted + AUTOSAVE_GAP - Date.now());
    timer = setTimeout(autosave, wait);
  }

  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.querySelectorAll(".pain-area").forEach(function (area) {
    area.addEventListener("click", schedule);
    area.addEventListener("keyup", schedule);
  });

  // A save or signature waits for an autosave in flight, so it carries the new revision.
  form.addEventListener("submit", function (event) {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    if (pending && !submitting) {
      event.preventDefault();
      submitting = true;
      var submitter = event.submitter;
      pending.then(function () {
        if (form.requestSubmit) {
          form.requestSubmit(submitter || undefined);
        } else {
          form.submit();
        }
      });
      return;
    }
    submitting = true;
  });
})();
