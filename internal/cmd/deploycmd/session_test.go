package deploycmd

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/deploy"
	"github.com/wireup/wireup/internal/iostreams"
	"github.com/wireup/wireup/internal/project"
	"github.com/wireup/wireup/internal/prompter"
	"github.com/wireup/wireup/internal/targets"
)

// accessible is the prompter in accessible mode on ios, as ACCESSIBLE=1
// runs it: plain prompts on stderr, answers read from stdin.
func accessible(ios *iostreams.IOStreams) cmdutil.Prompter {
	return &prompter.Huh{In: ios.In, Out: ios.ErrOut, Accessible: true}
}

func TestConfirmRealAccount(t *testing.T) {
	s := &Session{Conn: &project.Connection{Target: targets.AWS, Info: deploy.TargetInfo{Kind: "aws", Region: "eu-west-1", Account: "210987654321"}}}
	tests := []struct {
		name  string
		tty   bool
		input string
		yes   bool
		want  func(error) bool
	}{
		{"--yes", false, "", true, func(err error) bool { return err == nil }},
		{"no terminal", false, "", false, func(err error) bool {
			var fe *cmdutil.FlagError
			return errors.As(err, &fe) && strings.Contains(err.Error(), "--yes")
		}},
		{"typed the account", true, "210987654321\n", false, func(err error) bool { return err == nil }},
		{"typed something else", true, "yes\n", false, func(err error) bool { return errors.Is(err, cmdutil.ErrCancel) }},
		{"typed it again right", true, "yes\n210987654321\n", false, func(err error) bool { return err == nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ios, in, _, errOut := iostreams.Test()
			ios.SetTTY(tt.tty, tt.tty, tt.tty)
			in.WriteString(tt.input)
			err := s.Confirm(context.Background(), accessible(ios), ios, tt.yes, "deploy")
			if !tt.want(err) {
				t.Errorf("Confirm = %v", err)
			}
			if tt.tty && !strings.Contains(errOut.String(), "210987654321") {
				t.Errorf("prompt does not name the account: %q", errOut.String())
			}
		})
	}
	emu := &Session{Conn: &project.Connection{Target: targets.Moto}}
	ios, _, _, _ := iostreams.Test()
	if err := emu.Confirm(context.Background(), accessible(ios), ios, false, "deploy"); err != nil {
		t.Errorf("an emulator needs no confirmation: %v", err)
	}
}
