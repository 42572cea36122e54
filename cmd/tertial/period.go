package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/tertial/tertial"
)

// problemLines is an error of several problems, each printed on a line of its own.
type problemLines []string

func (p problemLines) Error() string { return strings.Join(p, "; ") }

// periodFlags names the flag of each field of a period spec, for the problems the store
// finds in them.
var periodFlags = map[string]string{"unit": "--unit", "id": "--id", "kind": "--kind", "title": "--title",
	"start": "--start", "cutoff": "--cutoff", "deadline": "--deadline", "from": "--from", "template": "--template"}

func cmdPeriod(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: ange create eller list: tertial period create|list ...", errUsage)
	}
	switch args[0] {
	case "create":
		return cmdPeriodCreate(ctx, args[1:], stdout, stderr)
	case "list":
		return cmdPeriodList(ctx, args[1:], stdout, stderr)
	}
	return fmt.Errorf("%w: okänt underkommando %q: tertial period create|list ...", errUsage, args[0])
}

// cmdPeriodCreate creates a period, made from an earlier one with --from (see
// store.CreatePeriod).
func cmdPeriodCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("period create", stderr)
	var dbf dbFlags
	dbf.register(fs)
	unit := fs.String("unit", "", "enhetens id")
	id := fs.String("id", "", "periodens id, till exempel 2022-08")
	kind := fs.String("kind", "", "plan, interim eller annual")
	title := fs.String("title", "", "rapportens titel")
	cutoff := fs.String("cutoff", "", "brytdatum ÅÅÅÅ-MM-DD")
	start := fs.String("start", "", "första dagen ÅÅÅÅ-MM-DD (standard 1 januari brytdatumets år)")
	deadline := fs.String("deadline", "", "när enheternas underlag ska vara klart ÅÅÅÅ-MM-DD")
	from := fs.String("from", "", "en tidigare period av samma enhet att utgå från: dess struktur följer med, inga siffror utom årets beslutade budget när en uppföljning utgår från årets plan eller en tidigare uppföljning samma år")
	template := fs.String("template", "", "rapportmallens id (standard: samma som perioden i --from)")
	code := fs.String("municipality", "", "kommunkod, när databasen har fler än en kommun")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("%w: period create tar inga argument utöver flaggor", errUsage)
	}
	var missing []string
	for _, f := range []struct {
		name, v string
	}{{"--unit", *unit}, {"--id", *id}, {"--kind", *kind}, {"--title", *title}, {"--cutoff", *cutoff}} {
		if f.v == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: ange %s: tertial period create --unit ID --id ID --kind plan|interim|annual --title TEXT --cutoff ÅÅÅÅ-MM-DD [--start ÅÅÅÅ-MM-DD] [--from PERIOD_ID]",
			errUsage, strings.Join(missing, ", "))
	}
	spec := tertial.PeriodSpec{Unit: *unit, ID: *id, Kind: tertial.PeriodKind(*kind), Title: *title, From: *from, Template: *template}
	var bad problemLines
	for _, d := range []struct {
		flag, v string
		dst     *time.Time
	}{{"--cutoff", *cutoff, &spec.Cutoff}, {"--start", *start, &spec.Start}, {"--deadline", *deadline, &spec.Deadline}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.v)
		if err != nil {
			bad = append(bad, fmt.Sprintf("%s: %q är inget datum: skriv ÅÅÅÅ-MM-DD", d.flag, d.v))
		}
		*d.dst = t
	}
	if len(bad) > 0 {
		return bad
	}
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	if *code, err = onlyMunicipality(ctx, db, *code); err != nil {
		return err
	}
	p, err := db.CreatePeriod(ctx, cliActor, *code, spec)
	if ps := tertial.ProblemsOf(err); len(ps) > 0 {
		lines := make(problemLines, len(ps))
		for i, pr := range ps {
			name, ok := periodFlags[pr.Path]
			if !ok {
				name = pr.Path
			}
			lines[i] = name + ": " + pr.Message
		}
		return lines
	} else if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Skapade perioden %s för enheten %s: %s.\n", p.ID, p.Unit, p.Title)
	if p.From != "" {
		fmt.Fprintf(stdout, "Utgår från %s: %d texter (tomma), %d beloppstabeller och %d andra tabeller (utan siffror), %d samlade bedömningar (utan bedömning).\n",
			p.From, len(p.Texts), len(p.MoneyTables), len(p.FreeTables), len(p.Assessments))
	}
	return nil
}

// cmdPeriodList writes the municipality's periods as CSV, in the dataset's order.
func cmdPeriodList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("period list", stderr)
	var dbf dbFlags
	dbf.register(fs)
	unit := fs.String("unit", "", "bara den här enhetens perioder")
	code := fs.String("municipality", "", "kommunkod, när databasen har fler än en kommun")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return fmt.Errorf("%w: period list tar inga argument utöver flaggor", errUsage)
	}
	db, cleanup, err := dbf.open(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	if *code, err = onlyMunicipality(ctx, db, *code); err != nil {
		return err
	}
	ds, err := db.SharedDataset(ctx, *code)
	if err != nil {
		return err
	}
	if *unit != "" && ds.Unit(*unit) == nil {
		return tertial.Errorf(tertial.ENOTFOUND, "det finns ingen enhet %q", *unit)
	}
	w := csv.NewWriter(stdout)
	w.Write([]string{"enhet", "id", "typ", "titel", "start", "brytdatum", "lage", "utgar_fran", "sista_dag", "beslutsdatum", "paragraf"})
	for _, p := range ds.Periods {
		if *unit != "" && p.Unit != *unit {
			continue
		}
		w.Write(csvSafe([]string{p.Unit, p.ID, string(p.Kind), p.Title, p.StartDate().Format(time.DateOnly), p.Cutoff.Format(time.DateOnly),
			string(p.State), p.From, dateOrEmpty(p.Deadline), dateOrEmpty(p.DecisionDate), p.DecisionParagraph}))
	}
	w.Flush()
	return w.Error()
}

func dateOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}
