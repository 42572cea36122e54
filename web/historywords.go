package web

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/sv"
)

// The words of the audit log, in one table: every kind of item the store records (its
// entity) and every field it records a change of, in Swedish, and how a field's values
// are shown. describeHistory (history.go) names the item itself and adds the words that
// depend on it (a money table's columns, the municipality's scales); everything else is
// said from these tables. TestEveryAuditedFieldHasWords reads the store's source and
// fails when an audit call names an entity or a field that has no words here.

// entityWords name each audited kind of item, as the heading of its history says it when
// the item itself can no longer be found ("Målet «G1»").
var entityWords = map[string]string{
	"goal": "målet", "indicator": "indikatorn", "assignment": "uppdraget", "control": "kontrollen",
	"indicator_value": "indikatorvärdet", "indicator_target": "etappmålet",
	"money_row": "raden", "money_table": "tabellen", "money_setup": "kontomappningen för tabellen",
	"free_row": "raden", "free_table": "tabellen", "text": "texten", "section": "avsnittet",
	"period": "perioden", "override": "överstyrningen", "template": "mallen", "unit": "enheten",
	"goal_frame": "målramen", "ic_item": "internkontrollposten", "municipality": "kommunen",
	"user": "användaren", "api_token": "API-nyckeln", "notify_settings": "aviseringarna",
	"kolada": "Kolada-hämtningen", "ledger_import": "huvudboksimporten", "ledger_freeze": "huvudbokens låsning",
	"publication":     "publiceringen",
	"statement_setup": "räkenskapernas kontomappning",
	"economy":         "ekonomin",
}

// fieldLabels name every field of the audit log (neuter: "ändrat", not "ändrad").
var fieldLabels = map[string]label{
	// Reported values.
	"assessment": {text: "bedömning"}, "analysis": {text: "analys"}, "comment": {text: "kommentar"},
	"body": {text: "texten", neuter: true}, "note": {text: "anteckning"}, "reason": {text: "motivering"},
	"findings": {text: "fynd", neuter: true}, "step": {text: "steget", neuter: true}, "state": {text: "läget", neuter: true},
	"decision_date": {text: "beslutsdatum", neuter: true}, "decision_paragraph": {text: "paragraf"},
	"status": {text: "status"}, "progress": {text: "färdiggrad"}, "target": {text: "etappmålet", neuter: true},
	"value": {text: "värdet", neuter: true}, "kind": {text: "typ"}, "women": {text: "värdet för kvinnor", neuter: true},
	"men": {text: "värdet för män", neuter: true}, "numerator": {text: "täljare"}, "denominator": {text: "nämnare"},
	"missing": {text: "orsak till saknat värde"},
	// Created and deleted items.
	"created": {text: "skapades"}, "deleted": {text: "togs bort"}, // "Målet skapades": no gender to agree with
	// Goals, indicators, assignments and units.
	"level": {text: "nivå"}, "area": {text: "målområde", neuter: true}, "parent": {text: "överordnad"},
	"unit": {text: "enhet"}, "title": {text: "rubrik"}, "description": {text: "beskrivning"},
	"tags": {text: "taggar"}, "since": {text: "gäller från år", neuter: true}, "retired": {text: "upphör år", neuter: true},
	"direction": {text: "riktning"}, "tolerance": {text: "tolerans"}, "decimals": {text: "antal decimaler", neuter: true},
	"kolada_kpi": {text: "Kolada-nyckeltal", neuter: true}, "kolada_gender": {text: "Kolada-kön", neuter: true},
	"gender": {text: "könsuppdelning"}, "owner": {text: "ansvarig"}, "targets": {text: "etappmål", neuter: true},
	"long_term": {text: "långsiktigt mål", neuter: true}, "goal": {text: "mål", neuter: true},
	"origin": {text: "ursprung", neuter: true}, "due": {text: "slutdatum", neuter: true},
	"name": {text: "namn", neuter: true}, "short_name": {text: "kortnamn", neuter: true},
	"share": {text: "ägarandel"}, "org_number": {text: "organisationsnummer", neuter: true},
	// Money and free tables.
	"amount_unit": {text: "beloppsenhet"}, "precision": {text: "antal decimaler", neuter: true},
	"label_heading": {text: "radrubrik"}, "negate": {text: "visa med omvänt tecken", neuter: true},
	"total": {text: "totalrad"}, "columns": {text: "kolumner"}, "rows": {text: "rader"}, "sum_label": {text: "summarad"},
	"mapping": {text: "kontomappning"}, "periodisation": {text: "periodisering"}, "budget": {text: "inmatad budget"}, "forecast": {text: "prognos för helåret"},
	// The economy of the annual report (one field per list).
	"key_figures": {text: "nyckeltal", neuter: true}, "financial_goals": {text: "finansiella mål", neuter: true},
	"finance_items": {text: "avstämningsposter"}, "balance_adjustments": {text: "balanskravsjusteringar"},
	"reserve": {text: "resultatutjämningsreserv"}, "deficits": {text: "tidigare underskott", neuter: true},
	"eliminations": {text: "elimineringar"},
	// Periods, templates and the goal frame.
	"cutoff": {text: "brytdatum", neuter: true}, "deadline": {text: "sista dag för inlämning"}, "start": {text: "startdatum", neuter: true},
	"from": {text: "skapad från"}, "cover_text": {text: "försättsbladets text"}, "template": {text: "mall"},
	"sections": {text: "avsnitt", neuter: true}, "goal_levels": {text: "målnivåer"}, "goal_areas": {text: "målområden", neuter: true},
	// Internal control.
	"process": {text: "process"}, "text": {text: "text"}, "risk": {text: "risk"}, "action": {text: "åtgärd"},
	"probability": {text: "sannolikhet"}, "consequence": {text: "konsekvens"}, "background": {text: "bakgrund"},
	"case_number": {text: "diarienummer", neuter: true}, "method": {text: "metod"}, "frequency": {text: "frekvens"},
	"responsible": {text: "ansvarig"},
	// The municipality.
	"county": {text: "län", neuter: true}, "county_code": {text: "länskod"}, "comparison": {text: "jämförelsekommuner"},
	"logo": {text: "logotyp"}, "colour": {text: "färg"}, "public_pages": {text: "publika sidor"}, "licence": {text: "licens"}, "licence_url": {text: "licensens adress"},
	// Users, tokens and notifications.
	"role": {text: "roll"}, "municipality": {text: "kommun"}, "disabled": {text: "avstängd"}, "password": {text: "lösenord", neuter: true},
	"sessions": {text: "inloggningar"}, "oidc_subject": {text: "koppling till inloggningstjänsten"},
	"user": {text: "användare"}, "revoked": {text: "återkallad"}, "email": {text: "e-postadress"},
	"email_off": {text: "e-post avstängd"}, "reminders_on": {text: "påminnelser"}, "days_before": {text: "dagar före sista dag"},
	// Imports and publication.
	"sync": {text: "hämtning"}, "file": {text: "fil"}, "sha256": {text: "filens kontrollsumma"}, "imported_at": {text: "importtid"},
	"spec": {text: "låsning"}, "published": {text: "publicerad"},
}

// prefixLabels name the fields whose name ends with a term or a scale ("vocabulary.goal").
var prefixLabels = map[string]string{"vocabulary.": "ordet för ", "scales.": "skalan för "}

// prefixRest says the term or scale of a prefixed field: a term by its default word in
// quotes ("«mål»"), a scale by what it judges.
func prefixRest(prefix, rest string) string {
	if prefix == "vocabulary." {
		if w := tertial.DefaultWord(tertial.Term(rest), tertial.PeriodInterim); w != "" {
			return "«" + w + "»"
		}
	}
	if w, ok := scaleKindWords[rest]; ok {
		return w
	}
	return rest
}

var scaleKindWords = map[string]string{"goals": "mål", "indicators": "indikatorer", "statuses": "uppdrag och kontroller"}

// textFields are the fields that hold a text, shown as a word diff.
var textFields = map[string]bool{"analysis": true, "comment": true, "body": true, "note": true, "reason": true,
	"findings": true, "description": true, "background": true, "cover_text": true, "text": true, "action": true}

// boolFields hold "true" or "false", shown as ja/nej.
var boolFields = map[string]bool{"negate": true, "long_term": true, "disabled": true, "revoked": true,
	"email_off": true, "reminders_on": true, "gender": true}

// dateFields hold a date, shown as the Swedish date ("31 augusti 2021").
var dateFields = map[string]bool{"cutoff": true, "deadline": true, "start": true, "decision_date": true, "due": true}

// labelOf is a field's words: the item's own (describeHistory), else the table's.
func labelOf(it historyItem, field string) label {
	if l, ok := it.labels[field]; ok {
		return l
	}
	if it.dynamic != nil {
		if l, ok := it.dynamic(field); ok {
			return l
		}
	}
	if l, ok := fieldLabels[field]; ok {
		return l
	}
	for p, w := range prefixLabels {
		if rest, ok := strings.CutPrefix(field, p); ok {
			return label{text: w + prefixRest(p, rest), neuter: p == "vocabulary."} // "ordet" is neuter, "skalan" not
		}
	}
	return label{text: field, neuter: true}
}

// valueWords shows a stored value of a field in the site's format: ja/nej, a date in
// Swedish, a number with a decimal comma; "tomt" for nothing is said by the sentence.
func valueWords(field, v string) string {
	switch {
	case v == "":
		return ""
	case boolFields[field]:
		switch v {
		case "true":
			return "ja"
		case "false":
			return "nej"
		}
	case dateFields[field]:
		if d, err := time.Parse(time.DateOnly, v); err == nil {
			return sv.LongDate(d)
		}
	case field == "share": // a company's ownership share, in percent
		if d, err := tertial.ParseDecimal(v); err == nil {
			return sv.Exact(d) + " %"
		}
	case field == "imported_at":
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return sv.LongDate(t.Local()) + " " + t.Local().Format("15:04")
		}
	}
	return v
}

// isLongText says whether a change is best shown as a word diff: a text field, or a value
// long enough to be a text.
func isLongText(field, old, new string) bool {
	return textFields[field] || utf8.RuneCountInString(old) > 120 || utf8.RuneCountInString(new) > 120
}

// unitNameOf shows a unit's ID as its name.
func unitNameOf(ds *tertial.Dataset) func(string) string {
	return func(id string) string {
		if u := ds.Unit(id); u != nil {
			return u.Name
		}
		return id
	}
}

// goalName shows a goal's ID as its title.
func goalName(ds *tertial.Dataset) func(string) string {
	return func(id string) string {
		if g := ds.Goal(id); g != nil {
			return "«" + g.Title + "»"
		}
		return id
	}
}

// goalLevelName shows a goal level's ID as its name.
func goalLevelName(ds *tertial.Dataset) func(string) string {
	return func(id string) string {
		for _, l := range ds.GoalLevels {
			if l.ID == id {
				return l.Name
			}
		}
		return id
	}
}

// rowNegated says whether a money table shows the row with the other sign: its own
// Negate, else its group's, else the table's, as compute.MoneyTable resolves it.
func rowNegated(t *tertial.MoneyTable, rowID string) bool {
	var walk func(rows []tertial.MoneyRow, neg bool) (bool, bool)
	walk = func(rows []tertial.MoneyRow, neg bool) (bool, bool) {
		for _, r := range rows {
			n := neg
			if r.Negate != nil {
				n = *r.Negate
			}
			if r.ID == rowID && !r.Group {
				return n, true
			}
			if r.Group {
				if got, ok := walk(r.Rows, n); ok {
					return got, true
				}
			}
		}
		return false, false
	}
	n, _ := walk(t.Rows, t.Negate)
	return n
}

var unitKindWords = map[string]string{"": "", "council": "kommunfullmäktige", "board": "nämnd",
	"administration": "förvaltning", "department": "avdelning", "section": "sektion"}

var icKindWords = map[string]string{"risks": "risk", "audits": "granskning", "controls": "kontroll", "action": "åtgärd"}

// freeCellWords shows a free table's cell as the audit log stores it ("ung 11600000",
// "-40000 *", a word, a date) as the table shows it ("ung 116 000 tkr").
func freeCellWords(t *tertial.FreeTable, col tertial.FreeColumn) func(string) string {
	return func(v string) string {
		switch col.Type {
		case tertial.ColText, "":
			return v
		case tertial.ColDate:
			if d, err := time.Parse(time.DateOnly, v); err == nil {
				return sv.LongDate(d)
			}
			return v
		}
		tokens := strings.Fields(v)
		for i, tok := range tokens {
			c := tertial.Cell{Before: strings.Join(tokens[:i], " "), After: strings.Join(tokens[i+1:], " ")}
			switch col.Type {
			case tertial.ColAmount:
				n, err := strconv.ParseInt(tok, 10, 64)
				if err != nil {
					continue
				}
				c.Amount = tertial.Amount(n)
				return numericFieldValue(c, col, t) + " " + string(t.Unit)
			case tertial.ColPercent, tertial.ColDecimal:
				d, err := tertial.ParseDecimal(tok)
				if err != nil {
					continue
				}
				c.Number = d
				if col.Type == tertial.ColPercent {
					return numericFieldValue(c, col, t) + " %"
				}
				return numericFieldValue(c, col, t)
			case tertial.ColCount:
				n, err := strconv.ParseInt(tok, 10, 64)
				if err != nil {
					continue
				}
				c.Count = n
				return numericFieldValue(c, col, t)
			}
		}
		return v // a word in place of the figure
	}
}

// periodisationWords name the rules that spread an annual budget over the months.
var periodisationWords = map[string]string{"": "", "even": "jämnt över årets månader", "prior_year": "som föregående års utfall"}

var directionWords = map[string]string{"": "", "higher": "högre är bättre", "lower": "lägre är bättre"}

// moneyColumnWords name the old, fixed columns of a money table, for a change of a column
// the table no longer has.
var moneyColumnWords = map[string]string{"budget": "budget", "forecast": "prognos", "period_budget": "budget för perioden",
	"period_outcome": "utfall för perioden", "prior_outcome": "utfall för perioden föregående år"}

// koladaField names a Kolada value's field ("N00001/0126/2021/T").
func koladaField(field string) (label, bool) {
	p := strings.Split(field, "/")
	if len(p) != 4 {
		return label{}, false
	}
	gender := map[string]string{"T": "totalt", "K": "kvinnor", "M": "män", "": "totalt"}[p[3]]
	if gender == "" {
		gender = p[3]
	}
	return label{text: "värdet för nyckeltalet " + p[0] + ", kommun " + p[1] + ", " + p[2] + " (" + gender + ")", neuter: true}, true
}
