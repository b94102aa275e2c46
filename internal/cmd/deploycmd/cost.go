package deploycmd

import (
	"context"
	"fmt"
	"io"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/cost"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/targets"
)

// CostBanner prints, on real AWS, what the plan bills without use (see
// cost.Costs.WriteBrief). Emulators bill nothing: it prints nothing there.
func (s *Session) CostBanner(w io.Writer, c *cost.Costs) {
	if s.Conn.Target != targets.AWS {
		return
	}
	c.WriteBrief(w, "  ")
}

// ConfirmCost is the cost gate: a deploy to real AWS that would create a
// resource with an idle floor, a per-run cost or no known price goes ahead
// only with --accept-cost (accepted) or "accept" typed at a prompt.
// Resources the state records unchanged are not asked about again: their
// cost was accepted when they were created (a changed one, say more
// shards, is asked about again). Emulators never ask. yes
// (--yes) is only for the message: without a terminal, the user learns
// both flags at once.
func (s *Session) ConfirmCost(ctx context.Context, p cmdutil.Prompter, ios *iostreams.IOStreams, c *cost.Costs, accepted, yes bool) error {
	if accepted || s.Conn.Target != targets.AWS {
		return nil
	}
	st, err := deploy.LoadState(s.State)
	if err != nil {
		return err
	}
	g := c.Gating(func(id string) bool {
		rec, r := st.Resources[id], s.Plan.Resource(id)
		return rec != nil && r != nil && rec.Hash == r.Hash
	})
	if g == nil {
		return nil
	}
	if !ios.CanPrompt() {
		also := ""
		if !yes {
			also = ", and --yes to confirm the account"
		}
		return cmdutil.FlagErrorf("deploy would create resources that cost money in AWS account %s: %s. Nothing was created: pass --accept-cost to accept these costs (no terminal to ask)%s; `wireup plan` lists every price with its source",
			s.Conn.Info.Account, g.Summary(), also)
	}
	return prompter.ConfirmTyped(ctx, p, fmt.Sprintf("This deploy creates resources that cost money: %s.", g.Summary()), "accept")
}
