/* ENoK Learn lessons and glossary: Listen buttons (inside any element with data-listen-label) and checklist ticks. Progressive enhancement only:
   without this script the lesson, its quiz and its checklists all still work. */
(function () {
  "use strict";

  var SPEED_KEY = "enok:speech-rate";

  function canSpeak() {
    return "speechSynthesis" in window && typeof window.SpeechSynthesisUtterance === "function";
  }

  function speaksSlowly() {
    try { return localStorage.getItem(SPEED_KEY) === "slow"; } catch (e) { return false; }
  }

  function speak(text) {
    window.speechSynthesis.cancel();
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "en-US";
    utterance.rate = speaksSlowly() ? 0.6 : 0.95;
    window.speechSynthesis.speak(utterance);
  }

  /* A Listen button after every [data-speak] element inside `area` (none without speech synthesis).
     Exposed as ENoK.addListenButtons for content swapped in later, such as review cards. */
  function addButtonsTo(area, label) {
    if (!canSpeak()) return 0;
    var speakables = area.querySelectorAll("[data-speak]");
    speakables.forEach(function (element) {
      var text = element.getAttribute("data-speak");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "listen-button";
      button.setAttribute("aria-label", label + ": " + text);
      button.textContent = label;
      button.addEventListener("click", function () { speak(text); });
      element.insertAdjacentElement("afterend", button);
    });
    return speakables.length;
  }

  /* A scope (any element with data-listen-label): its Listen buttons and one "Speak slowly" switch. */
  function addListenButtons(scope) {
    var added = addButtonsTo(scope, scope.getAttribute("data-listen-label") || "Listen");
    if (!added) return; // No speech synthesis, or nothing to say: no switch either.
    var toggle = document.createElement("label");
    toggle.className = "speech-speed";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = speaksSlowly();
    box.addEventListener("change", function () {
      try { localStorage.setItem(SPEED_KEY, box.checked ? "slow" : "normal"); } catch (e) { /* private mode */ }
    });
    toggle.appendChild(box);
    toggle.appendChild(document.createTextNode(" " + (scope.getAttribute("data-slow-label") || "Speak slowly")));
    scope.insertBefore(toggle, scope.firstChild);
  }

  window.ENoK = window.ENoK || {};
  window.ENoK.addListenButtons = addButtonsTo;

  function keepChecklists() {
    document.querySelectorAll("[data-checklist]").forEach(function (list) {
      var key = "enok:checklist:" + list.getAttribute("data-checklist");
      var boxes = list.querySelectorAll("input[type=checkbox]");
      if (list.hasAttribute("data-local")) {
        var saved = [];
        try { saved = JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { saved = []; }
        boxes.forEach(function (box) {
          box.checked = saved.indexOf(box.value) !== -1;
          box.addEventListener("change", function () {
            var ticked = [];
            boxes.forEach(function (b) { if (b.checked) ticked.push(b.value); });
            try { localStorage.setItem(key, JSON.stringify(ticked)); } catch (e) { /* private mode */ }
          });
        });
        return;
      }
      // Signed in: save each change straight away; the Save button stays for when this fails.
      var status = list.querySelector(".checklist-status");
      var saveButton = list.querySelector(".checklist-save");
      if (saveButton) saveButton.hidden = true;
      boxes.forEach(function (box) {
        box.addEventListener("change", function () {
          fetch(list.action, {
            method: "POST",
            body: new FormData(list),
            headers: { "X-Requested-With": "fetch" },
            credentials: "same-origin"
          }).then(function (response) {
            if (!response.ok) throw new Error(response.status);
            if (status) status.textContent = list.getAttribute("data-saved-label") || "Saved";
          }).catch(function () {
            if (saveButton) saveButton.hidden = false;
          });
        });
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-listen-label]").forEach(addListenButtons);
    keepChecklists();
  });
})();
