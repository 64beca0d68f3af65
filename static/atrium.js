// Atrium's only script, progressive enhancement: every page works without it.
// A button with data-copy="<input id>" copies that read-only field's text (the field stays
// selectable by hand without JavaScript; the button is hidden until this script shows it).
"use strict";

function enhanceCopyButtons() {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) continue;
    const status = document.querySelector(`[data-copy-status="${button.dataset.copy}"]`);
    const say = (text) => { if (status) status.textContent = text; };
    field.addEventListener("focus", () => field.select());
    button.addEventListener("click", async () => {
      field.select();
      try {
        await navigator.clipboard.writeText(field.value);
        say("Copied.");
      } catch {
        say("Press Ctrl+C (⌘C on a Mac) to copy the selected link.");
      }
    });
    button.hidden = false;
  }
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", enhanceCopyButtons);
} else {
  enhanceCopyButtons();
}
