package dataset

import _ "embed"

//go:embed schema.json
var schema []byte

// Schema returns the JSON Schema of the dataset format, for editors (YAML language
// servers) and integrations. The web site serves it at /schema/dataset-1.json.
func Schema() []byte { return schema }
