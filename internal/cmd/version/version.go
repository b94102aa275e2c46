// Package version implements `wireup version` and `wireup --version`.
package version

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/cmdutil"
)

// Template is the root command's version template: `wireup --version`
// prints the line `wireup version` prints.
const Template = "wireup {{.Version}}\n"

// String describes a build: its version, Go release and platform.
func String(v string) string {
	return fmt.Sprintf("%s (%s, %s/%s)", v, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}

// NewCmdVersion returns `wireup version`.
func NewCmdVersion(f *cmdutil.Factory) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the wireup version",
		Example: "  wireup version\n  wireup --version",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(f.IOStreams.Out, "wireup %s\n", String(f.Version))
			return err
		},
	}
}
