// Progressive enhancement only: every page works without this file.

// <div data-show-when="access=password"> is shown only while the radio button named
// "access" has the value "password"; without JavaScript it is always shown.
function syncConditionalFields() {
  document.querySelectorAll("[data-show-when]").forEach((block) => {
    const [name, value] = block.dataset.showWhen.split("=");
    const chosen = document.querySelector(`input[name="${name}"]:checked`);
    block.hidden = !chosen || chosen.value !== value;
  });
}

document.addEventListener("change", (event) => {
  if (event.target.matches("input[type=radio]")) {
    syncConditionalFields();
  }
});
document.addEventListener("DOMContentLoaded", syncConditionalFields);
