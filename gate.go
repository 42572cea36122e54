package tertial

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// GateStep is a step of the workflow that blocking findings of `tertial check` stop: a
// section marked ready for review, a section approved, a period locked.
type GateStep string

// The gated steps.
const (
	GateReady   GateStep = "ready"
	GateApprove GateStep = "approve"
	GateLock    GateStep = "lock"
)

// MaxOverrideReason is the longest reason for an override, in characters.
const MaxOverrideReason = 2000

// Gate is what stands before a gated step: the blocking findings of the section (of the
// whole period, for the lock) as sentences, and the reason a controller gave to take the
// step regardless (empty for none). Which findings block is the report package's
// Severities; who may override is CanOverrideGate.
type Gate struct {
	Blocking []string
	Override string
}

// Overridden reports whether the step goes ahead over blocking findings.
func (g Gate) Overridden() bool { return len(g.Blocking) > 0 && strings.TrimSpace(g.Override) != "" }

// Check is the rule of the gates, the one the store applies in the step's transaction: a
// step with blocking findings is refused (ECONFLICT, listing them) unless it carries a
// reason; the reason is text of at most MaxOverrideReason characters (EINVALID). what
// names the section or period in the refusal.
func (g Gate) Check(step GateStep, what string) error {
	reason := strings.TrimSpace(g.Override)
	if reason != "" {
		var ps problems
		if n := utf8.RuneCountInString(reason); n > MaxOverrideReason {
			ps.add("override", "motiveringen får vara högst %d tecken, den har %d", MaxOverrideReason, n)
		}
		ps.text("override", reason)
		if len(ps) > 0 {
			return Invalid(ps)
		}
	}
	if len(g.Blocking) == 0 || reason != "" {
		return nil
	}
	verb := map[GateStep]string{GateReady: "markeras som klart för granskning", GateApprove: "godkännas", GateLock: "låsas"}[step]
	return Errorf(ECONFLICT, "%s kan inte %s: %s (%s). Rätta det, eller låt en controller gå vidare med en motivering",
		Capitalize(what), verb, FindingCount(len(g.Blocking), true), strings.Join(g.Blocking, "; "))
}

// FindingCount says a number of findings in words: "1 blockerande fynd", "3 fynd".
func FindingCount(n int, blocking bool) string {
	if blocking {
		return fmt.Sprintf("%d blockerande fynd", n)
	}
	return fmt.Sprintf("%d fynd", n)
}

// CanOverrideGate reports whether the user may take a gated step over blocking findings:
// whoever may lock the period (a controller).
func CanOverrideGate(u *User, t AccessTarget) bool {
	return Can(u, ActLockPeriod, t)
}
