package deploy

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/wireup/wireup/internal/plan"
)

// Actions a deploy takes on one resource.
const (
	ActionCreate = "create" // not there: deploy creates it
	ActionUpdate = "update" // there, but not as planned: deploy updates it
	ActionNoop   = "no-op"  // there as planned
	ActionLeave  = "leave"  // the project's, no longer planned: deploy leaves it
)

// Change is what deploy would do to one resource, and why.
type Change struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Action string `json:"action"`
	Detail string `json:"detail,omitempty"`
}

// Changes is what a deploy of the plan would do on the target, resource by
// resource, like terraform plan or a CloudFormation change set: it is
// status (the live target against the state and the plan) read as actions.
type Changes struct {
	Target TargetInfo `json:"target"`
	Items  []Change   `json:"items"`
}

// Count returns how many changes have action a.
func (c *Changes) Count(a string) int {
	n := 0
	for _, it := range c.Items {
		if it.Action == a {
			n++
		}
	}
	return n
}

// Changes compares the target with the plan and says what a deploy would
// do. A resource deleted outside wireup is created again; one deployed
// from another plan, or that drifted, is updated; one the plan no longer
// has is left (deploy never deletes: destroy does).
func (e *Engine) Changes(ctx context.Context, p *plan.Plan) (*Changes, error) {
	rep, err := e.Status(ctx, p)
	if err != nil {
		return nil, err
	}
	out := &Changes{Target: rep.Target}
	for _, it := range rep.Items {
		c := Change{ID: it.ID, Kind: it.Kind, Name: it.Name}
		switch it.Status {
		case StatusOK:
			c.Action = ActionNoop
		case StatusMissing:
			c.Action = ActionCreate
			if it.Detail != "not deployed" {
				c.Detail = it.Detail
			}
		case StatusChanged:
			c.Action, c.Detail = ActionUpdate, it.Detail
		case StatusExtra:
			c.Action = ActionLeave
			c.Detail = it.Detail + "; deploy does not delete it: delete it yourself, or `wireup destroy` removes everything of the project"
		}
		out.Items = append(out.Items, c)
	}
	return out, nil
}

// WriteText prints the changes, one resource a line, and a summary.
func (c *Changes) WriteText(w io.Writer) {
	fmt.Fprintf(w, "Changes on %s:\n", c.Target)
	for _, it := range c.Items {
		line := fmt.Sprintf("  %-8s %-28s %-28s %s", it.Action, it.Kind, it.ID, it.Name)
		if it.Detail != "" {
			line += "  (" + it.Detail + ")"
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	fmt.Fprintln(w, c.Summary())
}

// Summary is the one-line count of the changes.
func (c *Changes) Summary() string {
	create, update, noop, leave := c.Count(ActionCreate), c.Count(ActionUpdate), c.Count(ActionNoop), c.Count(ActionLeave)
	if create+update+leave == 0 {
		return fmt.Sprintf("No changes: all %d resources are as planned.", noop)
	}
	s := fmt.Sprintf("%d to create, %d to update, %d unchanged", create, update, noop)
	if leave > 0 {
		s += fmt.Sprintf(", %d left behind (no longer planned)", leave)
	}
	return s + "."
}
