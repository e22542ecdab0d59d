// Requests pages. HTMX swaps 2xx answers only; the state panel also explains a refused
// move (409) or bad input (400), so those answers are swapped in too.
document.addEventListener("htmx:beforeSwap", (event) => {
  const status = event.detail.xhr.status;
  if ((status === 409 || status === 400 || status === 403) && event.detail.target.id === "request-state") {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
