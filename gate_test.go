package tertial_test

import (
	"strings"
	"testing"

	"github.com/tertial/tertial"
)

func TestGateCheck(t *testing.T) {
	blocking := []string{"Målet «A» saknar bedömning", "Raden «B» i tabellen «C» saknar prognos"}
	for _, c := range []struct {
		name string
		gate tertial.Gate
		step tertial.GateStep
		code string
		says []string
	}{
		{"nothing blocks", tertial.Gate{}, tertial.GateLock, "", nil},
		{"a reason without findings is not needed", tertial.Gate{Override: "x"}, tertial.GateReady, "", nil},
		{"blocked", tertial.Gate{Blocking: blocking}, tertial.GateApprove, tertial.ECONFLICT,
			[]string{"Avsnittet mal kan inte godkännas", "2 blockerande fynd", "Målet «A» saknar bedömning; Raden «B»"}},
		{"blank reason", tertial.Gate{Blocking: blocking, Override: " \n "}, tertial.GateLock, tertial.ECONFLICT, []string{"kan inte låsas"}},
		{"overridden", tertial.Gate{Blocking: blocking, Override: "Beslutat ändå."}, tertial.GateReady, "", nil},
		{"control character", tertial.Gate{Blocking: blocking, Override: "a\x00b"}, tertial.GateReady, tertial.EINVALID, nil},
		{"too long", tertial.Gate{Blocking: blocking, Override: strings.Repeat("å", tertial.MaxOverrideReason+1)}, tertial.GateReady, tertial.EINVALID,
			[]string{"högst 2000 tecken"}},
		{"a long reason without findings is still refused", tertial.Gate{Override: strings.Repeat("å", tertial.MaxOverrideReason+1)}, tertial.GateReady, tertial.EINVALID, nil},
	} {
		err := c.gate.Check(c.step, "avsnittet mal")
		if got := tertial.ErrorCode(err); (err == nil) != (c.code == "") || (err != nil && got != c.code) {
			t.Errorf("%s: %v, want code %q", c.name, err, c.code)
			continue
		}
		for _, s := range c.says {
			if !strings.Contains(err.Error(), s) {
				t.Errorf("%s: %q lacks %q", c.name, err, s)
			}
		}
	}
	if (tertial.Gate{Blocking: blocking}).Overridden() || (tertial.Gate{Override: "x"}).Overridden() || !(tertial.Gate{Blocking: blocking, Override: "x"}).Overridden() {
		t.Error("Overridden is wrong")
	}
	ctl := &tertial.User{Name: "c", Role: tertial.RoleController, Municipality: "0126"}
	rep := &tertial.User{Name: "r", Role: tertial.RoleReporter, Municipality: "0126"}
	target := tertial.AccessTarget{Municipality: "0126", OwnUnit: true}
	if !tertial.CanOverrideGate(ctl, target) || tertial.CanOverrideGate(rep, target) {
		t.Error("only a controller may override")
	}
}
