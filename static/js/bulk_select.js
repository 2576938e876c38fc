// "Select all on this page" for lists with row checkboxes (reviewer assignments, screening). Without JS the
// control stays hidden and each row's checkbox works on its own.
(function () {
  "use strict";

  function rowsOf(control) {
    var form = control.form || control.closest("form");
    var name = control.getAttribute("data-select-all");
    return form ? form.querySelectorAll('input[type="checkbox"][name="' + name + '"]') : [];
  }

  function reflect(control) {
    var rows = rowsOf(control);
    var ticked = 0;
    rows.forEach(function (box) {
      if (box.checked) {
        ticked += 1;
      }
    });
    control.checked = rows.length > 0 && ticked === rows.length;
    control.indeterminate = ticked > 0 && ticked < rows.length;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-select-all]").forEach(function (control) {
      var wrapper = control.closest("[data-select-all-wrapper]");
      if (wrapper) {
        wrapper.hidden = false;
      }
      control.addEventListener("change", function () {
        rowsOf(control).forEach(function (box) {
          box.checked = control.checked;
        });
        control.indeterminate = false;
      });
      rowsOf(control).forEach(function (box) {
        box.addEventListener("change", function () {
          reflect(control);
        });
      });
      reflect(control);
    });
  });
})();
