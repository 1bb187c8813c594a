(function () {
  "use strict";
  var panel = document.getElementById("evidence-panel");
  var hint = document.getElementById("panel-hint");
  var closeButton = panel.querySelector(".panel-close");
  var pinned = null;
  var shown = null;

  function each(selector, action, root) {
    Array.prototype.forEach.call((root || document).querySelectorAll(selector), action);
  }

  function show(itemId, noteNumber) {
    each(".evidence", function (section) { section.hidden = true; });
    each(".cited.is-active, .chip.is-active, .quote.is-active, .notes li.is-active", function (el) {
      el.classList.remove("is-active");
    });
    each(".cited[aria-pressed='true']", function (el) { el.setAttribute("aria-pressed", "false"); });
    shown = itemId;
    hint.hidden = itemId !== null;
    closeButton.hidden = itemId === null;
    if (itemId === null) { return; }
    var section = document.getElementById("ev-" + itemId);
    var item = document.getElementById(itemId);
    if (section) { section.hidden = false; }
    if (item) {
      item.classList.add("is-active");
      item.setAttribute("aria-pressed", itemId === pinned ? "true" : "false");
    }
    if (noteNumber) { markNote(section, itemId, noteNumber); }
  }

  function markNote(section, itemId, noteNumber) {
    each(".chip[data-item='" + itemId + "'][data-note='" + noteNumber + "']", function (chip) {
      chip.classList.add("is-active");
    });
    var quote = section && section.querySelector(".quote[data-note='" + noteNumber + "']");
    if (quote) {
      quote.classList.add("is-active");
      quote.scrollIntoView({ block: "nearest" });
    }
  }

  function pin(itemId, noteNumber) {
    pinned = itemId;
    show(itemId, noteNumber);
  }

  function clear() {
    pinned = null;
    show(null);
  }

  each(".cited", function (item) {
    var itemId = item.getAttribute("data-evidence");
    item.addEventListener("mouseenter", function () { show(itemId); });
    item.addEventListener("mouseleave", function () { if (pinned !== itemId) { show(pinned); } });
    item.addEventListener("focus", function () { pin(itemId); });
    item.addEventListener("click", function () { pin(itemId); });
    item.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        pin(itemId);
      }
    });
  });

  each(".chip", function (chip) {
    chip.addEventListener("click", function (event) {
      event.preventDefault();
      pin(chip.getAttribute("data-item"), chip.getAttribute("data-note"));
    });
    chip.addEventListener("focus", function () {
      pin(chip.getAttribute("data-item"), chip.getAttribute("data-note"));
    });
  });

  closeButton.addEventListener("click", clear);
  // A link to page.html#s2 opens with sentence 2's sources shown.
  var linked = window.location.hash.slice(1);
  if (linked && document.getElementById("ev-" + linked)) { pin(linked); }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && shown !== null) { clear(); }
  });
})();
