// Live preview for the job-description editor: as you type, the server renders and
// sanitises the Markdown and lints it. Without JavaScript the "Preview" button does
// the same with a full page load.
(function () {
  const form = document.getElementById("description-form");
  if (!form) return;
  const textarea = form.querySelector("textarea[name=markdown]");
  const preview = document.getElementById("description-preview");
  const findingsBox = document.getElementById("lint-findings");
  const count = document.querySelector("[data-testid=findings-count]");
  const url = form.dataset.previewUrl;
  const token = form.querySelector("input[name=csrf_token]").value;
  let timer = null;
  let sequence = 0;

  const BADGES = { error: "text-bg-danger", warning: "text-bg-warning", info: "text-bg-info" };

  function renderFindings(findings) {
    const wrapper = document.createElement("div");
    wrapper.dataset.testid = "lint-findings";
    wrapper.setAttribute("aria-live", "polite");
    if (findings.length === 0) {
      const ok = document.createElement("p");
      ok.className = "text-success mb-0";
      ok.textContent = "No lint findings.";
      wrapper.appendChild(ok);
    } else {
      const list = document.createElement("ul");
      list.className = "list-group";
      for (const finding of findings) {
        const item = document.createElement("li");
        item.className = "list-group-item";
        item.dataset.rule = finding.rule;
        const head = document.createElement("div");
        head.className = "d-flex gap-2 align-items-baseline";
        const badge = document.createElement("span");
        badge.className = "badge " + (BADGES[finding.severity] || "text-bg-info");
        badge.textContent = finding.severity.charAt(0).toUpperCase() + finding.severity.slice(1);
        const text = document.createElement("span");
        if (finding.line) {
          const where = document.createElement("strong");
          where.textContent = "Line " + finding.line + ": ";
          text.appendChild(where);
        }
        text.appendChild(document.createTextNode(finding.message));
        head.append(badge, text);
        const fix = document.createElement("div");
        fix.className = "small text-body-secondary mt-1";
        fix.textContent = "Fix: " + finding.suggestion;
        item.append(head, fix);
        list.appendChild(item);
      }
      wrapper.appendChild(list);
    }
    findingsBox.replaceChildren(wrapper);
    if (count) count.textContent = String(findings.length);
  }

  async function refresh() {
    const mine = ++sequence;
    const body = new FormData();
    body.append("markdown", textarea.value);
    body.append("csrf_token", token);
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { "X-CSRFToken": token },
        credentials: "same-origin",
      });
      if (!response.ok || mine !== sequence) return;
      const data = await response.json();
      // The server sanitised this HTML with an allow-list before sending it.
      preview.innerHTML = data.html;
      renderFindings(data.findings);
    } catch (error) {
      // Offline or server error: the Preview button still works.
    }
  }

  textarea.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
