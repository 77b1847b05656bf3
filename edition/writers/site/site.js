// The web edition's one script: the search box (Pagefind's interface, labelled), and notes as
// pop-ups over the text. Without it (or without a browser that knows popovers) a note call stays
// what it is in the HTML: a link to the footnote.
"use strict";
(function () {
  const search = document.getElementById("search");
  if (search && window.PagefindUI) {
    new window.PagefindUI({ element: "#search", showSubResults: true, showImages: false,
                            resetStyles: false, autofocus: true });
    // Pagefind names its box by a title only; a visible label names it for every reader
    // (WCAG 2.2, 3.3.2 Labels or Instructions).
    const input = search.querySelector("input");
    if (input) {
      input.id = "search-input";
      const label = document.createElement("label");
      label.htmlFor = "search-input";
      label.className = "search-label";
      label.textContent = "Words to find";
      search.before(label);
    }
  }
  const popup = document.createElement("div");
  if (typeof popup.showPopover !== "function") return;
  popup.id = "note-popup";
  popup.setAttribute("popover", "");
  popup.setAttribute("role", "dialog");
  popup.setAttribute("aria-label", "Note");
  document.body.appendChild(popup);
  let caller = null;

  document.addEventListener("click", function (event) {
    const call = event.target.closest("a.noteref");
    if (!call) return;
    const note = document.getElementById(decodeURIComponent(call.hash.slice(1)));
    if (!note) return;
    event.preventDefault();
    const copy = note.cloneNode(true);
    copy.querySelectorAll("[id]").forEach(function (e) { e.removeAttribute("id"); });
    copy.querySelectorAll(".note-backlink").forEach(function (e) { e.remove(); });
    const close = document.createElement("button");
    close.type = "button";
    close.className = "note-close";
    close.textContent = "Close";
    close.addEventListener("click", function () { popup.hidePopover(); });
    const full = document.createElement("a");
    full.href = "#" + note.id;
    full.textContent = "Note " + call.textContent + " among the notes";
    full.addEventListener("click", function () { popup.hidePopover(); });
    popup.replaceChildren(close, ...copy.childNodes, full);
    caller = call;
    popup.showPopover();
    close.focus();
  });
  popup.addEventListener("toggle", function (event) {
    if (event.newState === "closed" && caller) { caller.focus(); caller = null; }
  });
})();
