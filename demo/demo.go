// Package demo embeds the demo datasets: real reports transcribed into the dataset format.
// Huddinge (Kommunstyrelsen's delårsrapport per 31 August 2021) is the default; Simrishamn
// (Kultur- och fritidsnämnden's årsbokslut 2025) shows another municipality's words,
// chapters and tables. Ekby is an invented municipality as a whole: kommunfullmäktige,
// kommunstyrelsen and four boards with the periods of 2025 up to the årsredovisning at
// unit kf, and five years of generated ledgers (Demo.Ledgers).
package demo

import (
	_ "embed"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

//go:embed huddinge.yaml
var huddinge []byte

//go:embed simrishamn.yaml
var simrishamn []byte

//go:embed ekby.yaml
var ekby []byte

// Demo is one demo dataset: the report of one unit's period, transcribed whole.
type Demo struct {
	// Name is what `tertial demo NAME` and `--demo=NAME` call it.
	Name string
	// Description says in one line, in Swedish, which report it is.
	Description string
	// FileName is the name the file is reported under in messages.
	FileName string
	// Unit and Period name the report the demo transcribes.
	Unit, Period string
	// Ledgers are the SIE files loaded with the demo, generated when asked for (see
	// Ledger); none for a demo without.
	Ledgers []Ledger

	data []byte
}

// Bytes returns the demo's dataset file.
func (d *Demo) Bytes() []byte { return d.data }

// Dataset returns the demo's dataset, decoded afresh on each call.
func (d *Demo) Dataset() (*tertial.Dataset, error) { return dataset.Decode(d.data, d.FileName) }

// Default is the name of the demo that --demo without a name loads.
const Default = "huddinge"

// demos lists the demos, the default first.
var demos = []*Demo{
	{Name: "huddinge", Description: "Huddinge kommun, Kommunstyrelsen: delårsrapport per 31 augusti 2021",
		FileName: "demo/huddinge.yaml", Unit: "ks", Period: "2021-08", data: huddinge},
	{Name: "simrishamn", Description: "Simrishamns kommun, Kultur- och fritidsnämnden: årsbokslut 2025",
		FileName: "demo/simrishamn.yaml", Unit: "kfn", Period: "2025-12", data: simrishamn},
	{Name: "ekby", Description: "Ekby kommun (påhittad), hela kommunen: fem nämnder, planer och uppföljningar 2025, årsredovisning 2025 och bokföring 2021–2025",
		FileName: "demo/ekby.yaml", Unit: "kf", Period: "2025-12", data: ekby, Ledgers: ekbyLedgers},
}

// All returns the demos, the default first.
func All() []*Demo { return append([]*Demo(nil), demos...) }

// Names returns the demos' names, the default first.
func Names() []string {
	names := make([]string, len(demos))
	for i, d := range demos {
		names[i] = d.Name
	}
	return names
}

// Get returns the demo with the name; ok is false when there is none.
func Get(name string) (d *Demo, ok bool) {
	for _, d := range demos {
		if d.Name == name {
			return d, true
		}
	}
	return nil, false
}

// FileName is the name the default demo's file is reported under in messages.
const FileName = "demo/huddinge.yaml"

// Bytes returns the default demo's dataset file.
func Bytes() []byte { return huddinge }

// Dataset returns the default demo's dataset, decoded afresh on each call.
func Dataset() (*tertial.Dataset, error) { return dataset.Decode(huddinge, FileName) }
