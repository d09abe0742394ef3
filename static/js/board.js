// Progressive enhancement only: every card links to its own move page, which works
// without this file. Here a card can also be dragged to another column: dropping it
// submits the board's one shared move form for that card, or opens the card's move
// page with the column chosen when the move needs a note or a reason.

(() => {
  const board = document.querySelector("[data-board]");
  const form = document.querySelector("[data-move-form]");
  if (!board || !form) {
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
      const link = dragged.querySelector("[data-move-link]");
      const target = column.dataset.stage;
      const stageOrder = [...board.querySelectorAll("[data-stage]")].map((c) => c.dataset.stage);
      const from = dragged.closest("[data-stage]").dataset.stage;
      const backward = stageOrder.indexOf(target) < stageOrder.indexOf(from);
      const terminal = ["rejected", "withdrawn"];
      if (target === "rejected" || backward || terminal.includes(from)) {
        const page = new URL(link.href);
        page.searchParams.set("target", target);
        window.location.assign(page.toString());
        return;
      }
      form.action = link.getAttribute("href");
      form.querySelector("input[name=version]").value = dragged.dataset.version;
      form.querySelector("input[name=target]").value = target;
      form.requestSubmit();
    });
  });
})();
