// Progressive enhancement only: the debrief reads and prints without this file.
// The print button only appears with JavaScript; without it, the browser's own Print works.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
