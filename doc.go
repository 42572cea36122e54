// Package tertial is Tertial's domain: the types of a municipality's planning and
// follow-up and the rules they obey, with no SQL and no HTTP.
//
// A Dataset holds one municipality as the dataset file and the database hold it: the
// organisation (council, boards, administrations and their departments), goal levels
// and areas, goals, indicators with their values and targets, assignments, internal
// control, report templates, and the report periods with what was reported in each:
// goal follow-ups, money and free tables, texts; and, kept apart from the file format,
// the Kolada figures and the ledger imported from the accounting system.
// One rule set per kind of data (rules.go): each item a user changes on its own (an
// indicator's value, a goal's or an assignment's follow-up, a table row, a text) has a
// Validate, and every text must pass CheckText (UTF-8, no control characters but newline
// and tab). Dataset.Validate applies the same functions to a whole file before any of it
// is stored, and the store applies them to every single save, so the dataset file, the
// site's forms and the API can never disagree about what is valid: whatever is saved
// exports to a file that imports again. The doors only present the problems (file:line,
// a message beside the field, a JSON 422 naming the field). Values are read with the same
// functions everywhere (ParseDecimal, ParseTarget, ParseAmount), and a table's account
// mapping is checked by MoneyTable.CheckLedgerSetup. Can decides who may do what.
//
// Numbers are exact. Decimal holds indicator values and targets digit for digit as the
// user wrote them, never as binary floating point. Amount is money in whole öre as an
// int64: sums reconcile with the ledger to the öre, and rounding to tkr or mnkr happens
// once, when a figure is displayed (package sv). Targets are read from what users write
// ("≥2", "Länssnitt", "Plats 13 i länet") into typed values.
//
// Errors that a user is to read carry a code and a Swedish message (Error, Errorf); the
// web package maps the codes to HTTP statuses, and the message of an EINTERNAL error
// never reaches a user of the site.
package tertial
