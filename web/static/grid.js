// The live sum of a money grid: while a figure is typed, the total row under the grid
// shows the column's total of the figures in the inputs. A small enhancement only: the
// grid is a plain form that works without this script, and the saved totals come from
// the server. Amounts are exact: the figures are read as decimal strings and added as
// integers (BigInt) in the table's smallest shown unit, never as floating-point numbers.
(function () {
  "use strict";
  var table = document.querySelector("table.grid[data-scale]");
  if (!table || typeof BigInt === "undefined") {
    return;
  }
  var scale = parseInt(table.getAttribute("data-scale"), 10) || 0;
  var unit = BigInt(10) ** BigInt(scale);

  // parse reads a figure as a person types it (spaces between thousands, decimal comma
  // or point, either minus sign) into an integer of 10^-scale units; null when it is not
  // one, or has more decimals than the table shows.
  function parse(s) {
    s = s.replace(/[\s\u00a0\u202f]/g, "").replace("\u2212", "-").replace(",", ".");
    if (s === "") {
      return BigInt(0);
    }
    var m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(s);
    if (!m || (m[3] || "").length > scale) {
      return null;
    }
    var frac = (m[3] || "").padEnd(scale, "0");
    var n = BigInt(m[2]) * unit + (scale > 0 ? BigInt(frac) : BigInt(0));
    return m[1] === "-" ? -n : n;
  }

  // format writes an integer of 10^-scale units as the table shows figures.
  function format(n) {
    var neg = n < 0;
    if (neg) {
      n = -n;
    }
    var whole = (n / unit).toString();
    var frac = scale > 0 ? (n % unit).toString().padStart(scale, "0") : "";
    if (whole.length > 3) {
      whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    }
    return (neg ? "\u2212" : "") + whole + (frac ? "," + frac : "");
  }

  function update(col) {
    var cell = table.querySelector('tfoot [data-live="' + col + '"]');
    if (!cell) {
      return;
    }
    var sum = BigInt(0);
    var inputs = table.querySelectorAll('input[data-col="' + col + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var v = parse(inputs[i].value);
      if (v === null) {
        cell.textContent = "–";
        return;
      }
      sum += v * BigInt(inputs[i].getAttribute("data-sign"));
    }
    cell.textContent = format(sum * BigInt(cell.getAttribute("data-sign")));
  }

  table.addEventListener("input", function (e) {
    var col = e.target.getAttribute && e.target.getAttribute("data-col");
    if (col) {
      update(col);
    }
  });
})();
