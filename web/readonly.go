package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/markdown"
)

// renderReadOnly shows an item of a locked period as it was decided: its fields' values,
// no form. Every "ändra" link of a locked period leads here instead of to a refusal.
func (s *Server) renderReadOnly(w http.ResponseWriter, r *http.Request, pc *periodCtx, it *item) {
	page := &editPage{Title: it.heading, Heading: it.heading, Context: it.context, BackURL: pc.url + "/redigera",
		BackLabel: "Tillbaka till " + pc.per.Title, ReadOnly: true,
		History: "/historik?kommun=" + url.QueryEscape(pc.ds.Municipality.Code) + "&typ=" + url.QueryEscape(it.entity) + "&nyckel=" + url.QueryEscape(it.key)}
	for _, f := range it.fields {
		sf := shownField{Label: f.Label, Value: f.Value}
		if f.Group != "" {
			sf.Label = f.Group + ": " + f.Label
		}
		switch {
		case f.Type == "select":
			sf.Value = optionLabel(f, f.Value)
		case f.Markdown && strings.TrimSpace(f.Value) != "":
			sf.HTML = markdown.HTML(f.Value, 3)
		}
		page.Shown = append(page.Shown, sf)
	}
	if !pc.can(tertial.ActRead) {
		s.error(w, r, tertial.Errorf(tertial.EFORBIDDEN, "Du har inte behörighet att läsa den här perioden."))
		return
	}
	s.render(w, r, http.StatusOK, "edit.html", page)
}

// shownField is a field's value as a read-only view shows it: text, or a Markdown text
// rendered.
type shownField struct {
	Label, Value string
	HTML         template.HTML
}
