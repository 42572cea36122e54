package dataset_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/tertial/tertial/dataset"
	"go.yaml.in/yaml/v3"
)

// toJSON converts a YAML document to the values JSON Schema validates, by node tags, so
// that dates stay strings as the format defines them.
func toJSON(t *testing.T, n *yaml.Node) any {
	t.Helper()
	switch n.Kind {
	case yaml.DocumentNode:
		return toJSON(t, n.Content[0])
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = toJSON(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := []any{}
		for _, c := range n.Content {
			s = append(s, toJSON(t, c))
		}
		return s
	}
	switch n.Tag {
	case "!!int", "!!float":
		return json.Number(n.Value)
	case "!!bool":
		return n.Value == "true"
	case "!!null":
		return nil
	}
	return n.Value
}

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(dataset.Schema()))
	if err != nil {
		t.Fatalf("schema.json is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatalf("schema.json does not compile: %v", err)
	}
	return s
}

func validateYAML(t *testing.T, s *jsonschema.Schema, data []byte) error {
	t.Helper()
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		t.Fatal(err)
	}
	// Round-trip through encoding/json so numbers are what a JSON document would give.
	raw, err := json.Marshal(toJSON(t, &n))
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(v)
}

// TestSchemaAcceptsDatasets: the schema editors use accepts every real dataset, as written
// by hand and as exported.
func TestSchemaAcceptsDatasets(t *testing.T) {
	s := compileSchema(t)
	for name, data := range files(t) {
		if err := validateYAML(t, s, data); err != nil {
			t.Errorf("%s as written: %v", name, err)
		}
		ds, err := dataset.Decode(data, name)
		if err != nil {
			t.Fatal(err)
		}
		out, err := dataset.Encode(ds)
		if err != nil {
			t.Fatal(err)
		}
		if err := validateYAML(t, s, out); err != nil {
			t.Errorf("%s as exported: %v", name, err)
		}
	}
}

// TestSchemaRejectsBadInput: the schema catches the same mistakes the importer does, where
// a schema can see them.
func TestSchemaRejectsBadInput(t *testing.T) {
	s := compileSchema(t)
	for _, c := range []struct{ name, old, new string }{
		{"unknown field", "    title: Effektiv byggprocess\n", "    title: Effektiv byggprocess\n    colour: blue\n"},
		{"missing required field", "    direction: lower\n", ""},
		{"bad enum", "kind: board", "kind: nämnd"},
		{"non-numeric value", "value: 41.5", "value: fyrtio"},
		{"bad id", "  - id: nm-1\n", "  - id: Nämndmål 1\n"},
		{"layout on a text section", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: text, ref: x, layout: table}\nperiods:\n"},
		{"unknown goals layout", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: goals, layout: grid}\nperiods:\n"},
		{"unknown cover field", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: cover, fields: [logo]}\nperiods:\n"},
		{"cover fields on a goals section", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: goals, fields: [status]}\nperiods:\n"},
		{"tag filter on a text section", "periods:\n", "templates:\n  - id: t\n    name: T\n    sections:\n      - {kind: text, ref: x, tags: [a]}\nperiods:\n"},
		{"status over 40 characters", "    state: open\n", "    state: open\n    status: Påbörjad men inte alls klar, väntar på underlag\n"},
		{"status on two lines", "    state: open\n", "    state: open\n    status: \"Påbörjad\\nKlar\"\n"},
		{"vision without text", "  county: Provlän\n", "  county: Provlän\n  vision: {title: Vision}\n"},
	} {
		src := strings.Replace(valid, c.old, c.new, 1)
		if err := validateYAML(t, s, []byte(src)); err == nil {
			t.Errorf("%s: schema accepted it", c.name)
		}
	}
	if err := validateYAML(t, s, []byte(valid)); err != nil {
		t.Errorf("schema rejects the valid base: %v", err)
	}
}
