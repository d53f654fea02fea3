// The unit picker (directives/units/widgets.py). Delegated from the document:
// task forms are added to the page after it loads (Wagtail's InlinePanel).
(function () {
  const fold = (text) =>
    text.replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

  function count(picker) {
    const chosen = picker.querySelectorAll('input[type=checkbox]:checked').length;
    const out = picker.querySelector('[data-unit-picker-count]');
    // The words come translated from the template (data-some, data-none).
    if (out) {
      out.textContent = chosen
        ? picker.dataset.some.replace('{n}', chosen)
        : picker.dataset.none;
    }
  }

  document.addEventListener('input', (event) => {
    const filter = event.target.closest('[data-unit-picker-filter]');
    if (!filter) return;
    const wanted = fold(filter.value);
    const picker = filter.closest('[data-unit-picker]');
    picker.querySelectorAll('.unit-picker__unit').forEach((label) => {
      label.hidden = Boolean(wanted) && !label.dataset.folded.includes(wanted);
    });
    picker.querySelectorAll('[data-unit-picker-group]').forEach((group) => {
      group.hidden = !group.querySelector('.unit-picker__unit:not([hidden])');
    });
  });

  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-unit-picker-all], [data-unit-picker-none]');
    if (!button) return;
    const check = button.hasAttribute('data-unit-picker-all');
    // Only the units the filter shows: "Chọn cả nhóm" after typing "bảo" picks Bảo Lộc, Bảo Lâm.
    button.closest('[data-unit-picker-group]')
      .querySelectorAll('.unit-picker__unit:not([hidden]) input[type=checkbox]')
      .forEach((box) => { box.checked = check; });
    count(button.closest('[data-unit-picker]'));
  });

  document.addEventListener('change', (event) => {
    const picker = event.target.closest('[data-unit-picker]');
    if (picker) count(picker);
  });

  const all = () => document.querySelectorAll('[data-unit-picker]').forEach(count);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', all);
  else all();
})();
