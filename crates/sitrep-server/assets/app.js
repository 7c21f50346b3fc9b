// sitrep's only script, an enhancement: a button that opens or closes every "who said what" in a
// quantities table. Every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const table = document.querySelector("table.quantities");
  if (!table) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "expand-all";
  button.textContent = "Show who said what";
  button.addEventListener("click", () => {
    const all = table.querySelectorAll("details");
    const open = !Array.from(all).every((d) => d.open);
    all.forEach((d) => { d.open = open; });
    button.textContent = open ? "Hide who said what" : "Show who said what";
  });
  table.parentElement.before(button);
});
