/* ENoK Learn vocabulary review: answers without page reloads, and keyboard shortcuts.
   Progressive enhancement only: without this script the review page works with plain form posts
   (the answer is a <details> element, the buttons post to the server and it redirects to the next card).
   With it, an answer is sent with fetch; the server replies with the review page, and only its card is swapped in.
   Shortcuts: Space or Enter shows the answer, 1 = Not yet, 2 = I knew it. Nothing leaves this site. */
(function () {
  "use strict";

  /* lesson.js adds Listen buttons once, when the page loads; cards swapped in later get theirs from it too. */
  function addListenButtons(area, label) {
    if (window.ENoK && window.ENoK.addListenButtons) window.ENoK.addListenButtons(area, label);
  }

  function isTyping(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function isControl(target) {
    // Elements whose own Space/Enter behaviour must be kept (a focused button presses itself, and so on).
    return target && target.closest && target.closest("a, button, summary, audio, video, label, input, select, textarea");
  }

  function init(root) {
    var area = root.querySelector("[data-review-card]");
    var status = root.querySelector("[data-review-status]");
    var listenLabel = root.getAttribute("data-listen-label") || "Listen";
    var errorLabel = root.getAttribute("data-error-label") || "";
    var busy = false;

    function showKeys() {
      var keys = area.querySelector("[data-review-keys]");
      if (keys) keys.hidden = false;
    }

    function say(text) {
      if (!status) return;
      status.textContent = "";
      // A fresh text node after a tick, so screen readers announce the same words twice in a row too.
      window.setTimeout(function () { status.textContent = text; }, 50);
    }

    function showError() {
      var alert = area.querySelector(".review__error");
      if (!alert) {
        alert = document.createElement("p");
        alert.className = "review__error message message--error";
        alert.setAttribute("role", "alert");
        area.insertBefore(alert, area.firstChild);
      }
      alert.textContent = errorLabel;
    }

    function swapIn(html) {
      var next = new DOMParser().parseFromString(html, "text/html").querySelector("[data-review-card]");
      if (!next) throw new Error("no card in the reply");
      area.innerHTML = next.innerHTML;
      addListenButtons(area, listenLabel);
      showKeys();
      var summary = area.querySelector(".review__count, .review__done-title");
      if (summary) say(summary.textContent.trim());
      var focusTarget = area.querySelector("#review-term") || area.querySelector(".review__done a");
      if (focusTarget) focusTarget.focus();
    }

    function postNormally(form, submitter) {
      // The server knows best what to show (a login page, say): fall back to a plain form post.
      if (submitter && submitter.name) {
        var field = document.createElement("input");
        field.type = "hidden";
        field.name = submitter.name;
        field.value = submitter.value;
        form.appendChild(field);
      }
      HTMLFormElement.prototype.submit.call(form);
    }

    root.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches("[data-review-form]") || !window.fetch || !window.DOMParser) return;
      event.preventDefault();
      if (busy) return;
      var submitter = event.submitter;
      var data = new FormData(form);
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
      busy = true;
      form.setAttribute("aria-busy", "true");
      fetch(form.action, {
        method: "POST",
        body: data,
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin"
      }).then(function (response) {
        if (!response.ok || response.redirected) {
          busy = false;
          postNormally(form, submitter);
          return null;
        }
        return response.text().then(function (html) {
          swapIn(html);
          busy = false;
        });
      }).catch(function () {
        busy = false;
        form.removeAttribute("aria-busy");
        showError();
      });
    });

    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.isComposing) return;
      if (isTyping(event.target)) return;
      var answer = area.querySelector("[data-review-answer]");
      if (!answer) return;
      var key = event.key;
      if (key === " " || key === "Spacebar" || key === "Enter") {
        if (isControl(event.target) || answer.open) return;
        event.preventDefault();
        answer.open = true;
        var buttons = answer.querySelector(".review-answer");
        if (buttons && buttons.scrollIntoView) buttons.scrollIntoView({ block: "nearest" });
        return;
      }
      if (key === "1" || key === "2") {
        var button = area.querySelector('[data-review-key="' + key + '"]');
        if (!button || busy) return;
        event.preventDefault();
        answer.open = true;
        if (typeof button.form.requestSubmit === "function") {
          button.form.requestSubmit(button);
        } else {
          button.click();
        }
      }
    });

    showKeys();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-review]").forEach(init);
  });
})();
