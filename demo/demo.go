// Package demo embeds the demo dataset: Kommunstyrelsen Huddinge's delårsrapport per 31
// August 2021, transcribed into the dataset format.
package demo

import (
	_ "embed"

	"github.com/tertial/tertial"
	"github.com/tertial/tertial/dataset"
)

//go:embed huddinge.yaml
var huddinge []byte

// FileName is the name the demo file is reported under in messages.
const FileName = "demo/huddinge.yaml"

// Bytes returns the demo dataset file.
func Bytes() []byte { return huddinge }

// Dataset returns the demo dataset, decoded afresh on each call.
func Dataset() (*tertial.Dataset, error) { return dataset.Decode(huddinge, FileName) }
