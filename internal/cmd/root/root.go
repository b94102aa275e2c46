// Package root assembles the wireup command tree.
package root

import (
	"github.com/spf13/cobra"

	"github.com/wireup/wireup/internal/cmd/catalogcmd"
	"github.com/wireup/wireup/internal/cmd/deploycmd"
	"github.com/wireup/wireup/internal/cmd/destroycmd"
	"github.com/wireup/wireup/internal/cmd/logscmd"
	"github.com/wireup/wireup/internal/cmd/newcmd"
	"github.com/wireup/wireup/internal/cmd/plancmd"
	"github.com/wireup/wireup/internal/cmd/routescmd"
	"github.com/wireup/wireup/internal/cmd/statuscmd"
	"github.com/wireup/wireup/internal/cmd/verifycmd"
	"github.com/wireup/wireup/internal/cmd/version"
	"github.com/wireup/wireup/internal/cmdutil"
	"github.com/wireup/wireup/internal/complete"
)

// NewCmdRoot returns the root command with every subcommand attached.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "wireup <command>",
		Short: "Wire AWS big-data services together",
		Long: `wireup finds the ways to move data between AWS big-data services,
generates a starter project for a route (Go code on aws-sdk-go-v2,
least-privilege IAM, tests, LocalStack compose file) and deploys it.`,
		Example: `  wireup catalog --from kinesis
  wireup routes --from iot --to s3
  wireup new --from iot --to s3 --via firehose --name demo
  cd demo && wireup plan && wireup deploy && wireup verify`,
		Version:       version.String(f.Version),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	cmd.SetVersionTemplate(version.Template)
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return &cmdutil.FlagError{Err: err} })
	cmd.AddCommand(
		catalogcmd.NewCmdCatalog(f, nil),
		newcmd.NewCmdNew(f, nil),
		routescmd.NewCmdRoutes(f, nil),
		version.NewCmdVersion(f),
		plancmd.NewCmdPlan(f, nil),
		deploycmd.NewCmdDeploy(f, nil),
		statuscmd.NewCmdStatus(f, nil),
		destroycmd.NewCmdDestroy(f, nil),
		verifycmd.NewCmdVerify(f, nil),
		logscmd.NewCmdLogs(f, nil),
	)
	fitHelp(cmd)
	complete.Register(cmd, f)
	return cmd
}
