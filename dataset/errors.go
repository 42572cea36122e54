// Package dataset reads and writes Tertial's dataset file format (docs/dataset.md): YAML
// that carries one municipality's whole dataset. Reading checks everything and reports
// every problem with file, line and field; writing is deterministic, so that
// export → import → export gives the same bytes.
package dataset

import (
	"fmt"
	"strings"
)

// Error is one problem in a dataset file.
type Error struct {
	File    string
	Line    int
	Path    string // the field, such as "goals[3].parent"
	Message string // in Swedish, for the user
}

// Error returns "file:line: path: message".
func (e Error) Error() string {
	s := fmt.Sprintf("%s:%d: ", e.File, e.Line)
	if e.Path != "" {
		s += e.Path + ": "
	}
	return s + e.Message
}

// Errors is every problem found in a dataset file, in file order.
type Errors []Error

// Error returns the problems one per line.
func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}
