// The PDF viewer of a legal document: made when the reader opens it, never
// before, so that a visit downloads no attachment the reader did not ask for.
document.addEventListener("toggle", (event) => {
  const details = event.target;
  if (!details.matches || !details.matches("details.legal-pdf[data-pdf-src]") || !details.open) {
    return;
  }
  if (details.querySelector("object")) {
    return;
  }
  const viewer = document.createElement("object");
  viewer.type = "application/pdf";
  viewer.className = "legal-pdf__viewer";
  viewer.data = details.dataset.pdfSrc;
  viewer.setAttribute("aria-label", details.dataset.pdfTitle || "");
  const fallback = details.querySelector(".legal-pdf__fallback");
  if (fallback) {
    viewer.appendChild(fallback.cloneNode(true));
    fallback.hidden = true;
  }
  details.appendChild(viewer);
}, true);
