// Progressive enhancement only: every card has a plain "Move" form that works without
// this file. Here a card can also be dragged to another column; dropping it fills in
// the same form and submits it, or opens it when the move needs a note or a reason.

(() => {
  const board = document.querySelector("[data-board]");
  if (!board) {
    return;
  }
  let dragged = null;

  board.querySelectorAll("[data-card]").forEach((card) => {
    card.draggable = true;
    card.addEventListener("dragstart", (event) => {
      dragged = card;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.application);
    });
    card.addEventListener("dragend", () => {
      dragged = null;
    });
  });

  board.querySelectorAll("[data-stage]").forEach((column) => {
    column.addEventListener("dragover", (event) => {
      if (dragged && !column.contains(dragged)) {
        event.preventDefault();
        column.querySelector(".card")?.classList.add("border-primary");
      }
    });
    column.addEventListener("dragleave", () => {
      column.querySelector(".card")?.classList.remove("border-primary");
    });
    column.addEventListener("drop", (event) => {
      event.preventDefault();
      column.querySelector(".card")?.classList.remove("border-primary");
      if (!dragged) {
        return;
      }
      const form = dragged.querySelector("[data-move-form]");
      const target = form.querySelector("select[name=target]");
      target.value = column.dataset.stage;
      const stageOrder = [...board.querySelectorAll("[data-stage]")].map((c) => c.dataset.stage);
      const from = dragged.closest("[data-stage]").dataset.stage;
      const backward = stageOrder.indexOf(column.dataset.stage) < stageOrder.indexOf(from);
      const terminal = ["rejected", "withdrawn"];
      const needsInput =
        column.dataset.stage === "rejected" || backward || terminal.includes(from);
      if (needsInput) {
        const details = form.closest("details");
        details.open = true;
        const field =
          column.dataset.stage === "rejected"
            ? form.querySelector("select[name=rejection_reason]")
            : form.querySelector("input[name=note]");
        field.focus();
      } else {
        form.requestSubmit();
      }
    });
  });
})();
