// Package complete provides the shell completions of wireup's flags: the
// catalog's services and integrations, the AWS profiles of the shared
// files and the deploy targets. Register attaches them by flag name to
// every command that has such a flag, so a new command gets them for free.
package complete

import (
	"bytes"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/awsconfig"
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/targets"
)

// Register attaches the completions to cmd and its subcommands, by flag
// name: --from, --to, --service and --via complete services, --route
// integration ids, --profile profiles and --target targets.
func Register(cmd *cobra.Command, f *cmdutil.Factory) {
	byFlag := map[string]cobra.CompletionFunc{
		"from":    Services(f.Catalog, false),
		"to":      Services(f.Catalog, false),
		"service": Services(f.Catalog, false),
		"via":     Services(f.Catalog, true),
		"route":   Integrations(f.Catalog),
		"profile": Profiles(f.Getenv),
		"target":  Targets,
	}
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		for name, fn := range byFlag {
			if c.Flags().Lookup(name) != nil {
				// The only error is a flag that does not exist or already
				// has a function; neither happens on this walk.
				_ = c.RegisterFlagCompletionFunc(name, fn)
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(cmd)
}

// Services completes a service id or alias, described by the service's
// name. With list, the value is a comma-separated list (--via) and the part
// after the last comma is completed.
func Services(load func() (*catalog.Catalog, error), list bool) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		c, err := load()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		done, word := "", toComplete
		directive := cobra.ShellCompDirectiveNoFileComp
		if list {
			done, word = splitList(toComplete)
			directive |= cobra.ShellCompDirectiveNoSpace
		}
		var out []cobra.Completion
		add := func(name, desc string) {
			if strings.HasPrefix(name, strings.ToLower(word)) {
				out = append(out, cobra.CompletionWithDesc(done+name, description(desc)))
			}
		}
		for _, s := range c.Services {
			add(s.ID, s.Name)
		}
		for _, s := range c.Services {
			for _, a := range s.Aliases {
				add(a, s.Name+" ("+s.ID+")")
			}
		}
		return out, directive
	}
}

// Integrations completes a comma-separated list of integration ids
// (--route): the part after the last comma, with the integrations that
// continue the route typed so far when there are any, wireup's generatable
// ones first.
func Integrations(load func() (*catalog.Catalog, error)) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		c, err := load()
		if err != nil {
			return nil, cobra.ShellCompDirectiveError
		}
		done, word := splitList(toComplete)
		cands := c.Integrations
		if ids := strings.Split(strings.TrimSuffix(done, ","), ","); done != "" {
			if last := c.Integration(ids[len(ids)-1]); last != nil {
				if next := c.From(last.To); len(next) > 0 {
					cands = next
				}
			}
		}
		cands = slices.Clone(cands)
		slices.SortStableFunc(cands, func(a, b *catalog.Integration) int {
			return rank(a) - rank(b)
		})
		var out []cobra.Completion
		for _, in := range cands {
			if strings.HasPrefix(in.ID, strings.ToLower(word)) {
				out = append(out, cobra.CompletionWithDesc(done+in.ID, description(in.From+" → "+in.To+": "+in.Description)))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}

// rank orders integrations for completion: generatable, then the others,
// then retired ones.
func rank(in *catalog.Integration) int {
	switch {
	case in.Generate:
		return 0
	case in.Retired():
		return 2
	}
	return 1
}

// Profiles completes the profiles of the shared config and credentials
// files (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE move them).
func Profiles(getenv func(string) string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, p := range awsconfig.Profiles(getenv) {
			if strings.HasPrefix(p, toComplete) {
				out = append(out, p)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// targetDescription describes a --target value.
func targetDescription(t targets.Target) string {
	switch t {
	case targets.Moto:
		return "moto server emulator (no Docker)"
	case targets.Kumo:
		return "kumo emulator (no Docker)"
	case targets.LocalStack:
		return "LocalStack emulator (Docker)"
	}
	return "an AWS account"
}

// Targets completes the deploy targets.
func Targets(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, t := range targets.All {
		if strings.HasPrefix(string(t), strings.ToLower(toComplete)) {
			out = append(out, cobra.CompletionWithDesc(string(t), targetDescription(t)))
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// splitList splits a comma-separated value being typed into what is done
// (up to and including the last comma) and the word being completed.
func splitList(s string) (done, word string) {
	i := strings.LastIndex(s, ",")
	return s[:i+1], s[i+1:]
}

// description makes text fit a completion description: one line, no
// back-quotes (which shells would take for command substitution).
func description(s string) string {
	s = strings.ReplaceAll(s, "`", "")
	s = strings.Join(strings.Fields(s), " ")
	return s
}

// IsRequest reports whether args are a shell's completion request (cobra's
// hidden __complete and __completeNoDesc commands).
func IsRequest(args []string) bool {
	return len(args) > 0 && strings.HasPrefix(args[0], cobra.ShellCompRequestCmd)
}

// Output filters what a completion request prints: flag descriptions are
// the flags' usage strings, whose back-quotes name the value in --help
// ("source `service`") but reach the shell raw; values never hold one.
func Output(w io.Writer) io.Writer { return noBackquotes{w} }

type noBackquotes struct{ w io.Writer }

func (n noBackquotes) Write(p []byte) (int, error) {
	if _, err := n.w.Write(bytes.ReplaceAll(p, []byte("`"), nil)); err != nil {
		return 0, err
	}
	return len(p), nil
}
