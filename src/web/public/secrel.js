import { initAll } from '/static/govuk-frontend.min.js';

initAll();

/**
 * Issue 13: a long list of checkboxes in groups ([data-document-chooser]) gets a search box:
 * typing keeps the items whose label or hint holds every word, opens the groups that have one,
 * and says how many match. Without JavaScript the groups are plain details to open.
 */
for (const chooser of document.querySelectorAll('[data-document-chooser]')) {
  const box = chooser.querySelector('[data-filter-box]');
  const input = box?.querySelector('input');
  const status = box?.querySelector('[data-filter-status]');
  if (!box || !input || !status) continue;
  box.hidden = false;
  const groups = [...chooser.querySelectorAll('[data-filter-group]')];
  input.addEventListener('input', () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const group of groups) {
      let inGroup = 0;
      for (const item of group.querySelectorAll('.govuk-checkboxes__item')) {
        const text = item.textContent.toLowerCase();
        const match = words.every((word) => text.includes(word));
        item.hidden = !match;
        if (match) inGroup += 1;
      }
      group.hidden = inGroup === 0;
      if (words.length > 0 && inGroup > 0) group.open = true;
      shown += inGroup;
    }
    status.textContent =
      words.length === 0 ? '' : `${shown} document${shown === 1 ? '' : 's'} found`;
  });
}
