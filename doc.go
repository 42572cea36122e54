// Package tertial is Tertial's domain: the types of a municipality's planning and
// follow-up and the rules they obey, with no SQL and no HTTP.
//
// A Dataset holds one municipality as the dataset file and the database hold it: the
// organisation (council, boards, administrations and their departments), goal levels
// and areas, goals, indicators with their values and targets, assignments, internal
// control, report templates, and the report periods with what was reported in each:
// goal follow-ups, money and free tables, texts; and, kept apart from the file format,
// the Kolada figures and the ledger imported from the accounting system.
// Dataset.Validate is the rule set a dataset is checked against before any of it is
// stored, so that a dataset with a fault changes nothing; an edit on the site or over
// the API reads its values with the same functions (ParseDecimal, ParseTarget,
// ParseAmount) and a table's account mapping is checked by the same rules
// (MoneyTable.CheckLedgerSetup). Can decides who may do what.
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
