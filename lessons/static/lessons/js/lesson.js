/* ENoK Learn lessons and glossary: Listen buttons (inside any element with data-listen-label) and checklist ticks. Progressive enhancement only:
   without this script the lesson, its quiz and its checklists all still work. */
(function () {
  "use strict";

  var SPEED_KEY = "enok:speech-rate";

  function addListenButtons(body) {
    if (!("speechSynthesis" in window) || typeof window.SpeechSynthesisUtterance !== "function") {
      return; // No speech synthesis: no Listen buttons at all.
    }
    var listenLabel = body.getAttribute("data-listen-label") || "Listen";
    var slowLabel = body.getAttribute("data-slow-label") || "Speak slowly";
    var slow = window.localStorage && localStorage.getItem(SPEED_KEY) === "slow";

    var speakables = body.querySelectorAll("[data-speak]");
    if (!speakables.length) return;

    var toggle = document.createElement("label");
    toggle.className = "speech-speed";
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = slow;
    box.addEventListener("change", function () {
      slow = box.checked;
      try { localStorage.setItem(SPEED_KEY, slow ? "slow" : "normal"); } catch (e) { /* private mode */ }
    });
    toggle.appendChild(box);
    toggle.appendChild(document.createTextNode(" " + slowLabel));
    body.insertBefore(toggle, body.firstChild);

    speakables.forEach(function (element) {
      var text = element.getAttribute("data-speak");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "listen-button";
      button.setAttribute("aria-label", listenLabel + ": " + text);
      button.textContent = listenLabel;
      button.addEventListener("click", function () {
        window.speechSynthesis.cancel();
        var utterance = new SpeechSynthesisUtterance(text);
        utterance.lang = "en-US";
        utterance.rate = slow ? 0.6 : 0.95;
        window.speechSynthesis.speak(utterance);
      });
      element.insertAdjacentElement("afterend", button);
    });
  }

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
