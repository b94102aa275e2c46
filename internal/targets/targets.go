// Package targets is the language of what each deploy target can prove
// for each integration: whether wireup can deploy it there and check the
// deploy by reading it back, and whether data really moves along it so that
// `wireup verify` can pass. A target that cannot move data on a path is
// reported as such, never faked.
//
// The facts themselves are not here: each service package declares the
// rows of the hops it owns, with their reasons, in its targets.go (measured
// against moto 5.2.1 and kumo v0.33.1, written up in docs/emulators.md), and
// internal/service/registry assembles them into a Table. This package holds
// the types, the defaults of the targets wireup does not measure
// (LocalStack, AWS), and how a route combines its hops.
package targets

import (
	"fmt"
	"strings"
)

// Target is a kind of deploy target.
type Target string

// Targets.
const (
	Moto       Target = "moto"
	Kumo       Target = "kumo"
	LocalStack Target = "localstack"
	AWS        Target = "aws"
)

// All lists the targets in display order.
var All = []Target{Moto, Kumo, LocalStack, AWS}

// Parse checks a --target or WIREUP_TARGET value.
func Parse(s string) (Target, error) {
	for _, t := range All {
		if strings.EqualFold(s, string(t)) {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown target %q: use moto, kumo, localstack or aws", s)
}

// Capability is what a target can prove for one integration.
type Capability struct {
	Deploy       bool   `json:"deploy"`
	DeployReason string `json:"deployReason,omitempty"`
	Data         bool   `json:"data"`
	DataReason   string `json:"dataReason,omitempty"`
}

// Data is a hop the target deploys, reads back and moves data on.
func Data() Capability { return Capability{Deploy: true, Data: true} }

// DataWith is a hop the target moves data on, with a note on how it
// differs from AWS.
func DataWith(note string) Capability { return Capability{Deploy: true, Data: true, DataReason: note} }

// Wired is a hop the target deploys and reads back but moves no data on,
// for reason.
func Wired(reason string) Capability {
	return Capability{Deploy: true, Data: false, DataReason: reason}
}

// Refused is a hop the target cannot deploy (deployReason), so no data
// moves on it either (dataReason).
func Refused(deployReason, dataReason string) Capability {
	return Capability{DeployReason: deployReason, DataReason: dataReason}
}

// Code is a hop of application code: nothing is deployed for it, and
// wherever its service runs, so does the code.
func Code() Capability {
	return Capability{Deploy: true, Data: true, DataReason: "application code: nothing is deployed for this hop"}
}

// CodeRow is the row of a hop of application code (from the application
// into a service, or out of one into it) on every target whose service
// runs it.
func CodeRow() Row { return Row{Moto: Code(), Kumo: Code(), LocalStack: Code()} }

// Row is what each target can prove for one integration. A measured target
// (moto, kumo) missing from it has no measurement; LocalStack, when
// missing, takes its documented default; AWS always moves data.
type Row map[Target]Capability

// Rows are the rows of some integrations, by integration id: what one
// service package declares for the hops it owns.
type Rows map[string]Row

// Table is every service's rows together; internal/service/registry
// assembles it. The zero Table knows no integration.
type Table struct{ rows Rows }

// NewTable combines the rows of the service packages. An integration two
// of them declare is an error: every hop has one owner.
func NewTable(rows ...Rows) (Table, error) {
	all := Rows{}
	for _, rs := range rows {
		for id, r := range rs {
			if _, dup := all[id]; dup {
				return Table{}, fmt.Errorf("targets: the capability row of %s is declared twice", id)
			}
			all[id] = r
		}
	}
	return Table{rows: all}, nil
}

// For returns what target t can prove for integration id.
func (tb Table) For(t Target, id string) Capability {
	if t == AWS {
		return Data()
	}
	if c, found := tb.rows[id][t]; found {
		return c
	}
	if t == LocalStack {
		return Capability{Deploy: true, Data: true, DataReason: "LocalStack delivers on this path (not measured by wireup's emulator research)"}
	}
	return Capability{DeployReason: fmt.Sprintf("not measured on %s", t), DataReason: fmt.Sprintf("not measured on %s", t)}
}

// Route combines the hops of a route: a route deploys if every hop does and
// moves data if every hop does. The reasons name the first hop that fails.
func (tb Table) Route(t Target, hops []string) Capability {
	out := Capability{Deploy: true, Data: true}
	for _, h := range hops {
		c := tb.For(t, h)
		if !c.Deploy && out.Deploy {
			out.Deploy, out.DeployReason = false, h+": "+c.DeployReason
		}
		if !c.Data && out.Data {
			out.Data, out.DataReason = false, h+": "+c.DataReason
		}
	}
	return out
}

// SpecNote is a setting of the spec a target cannot apply, and what to do.
// The service packages say which of their settings a target refuses.
type SpecNote struct {
	Setting string `json:"setting"`
	Note    string `json:"note"`
}
