package root

import (
	"strings"

	"github.com/spf13/cobra"
)

// helpWidth is the widest line of any --help: a terminal of 80 columns
// would otherwise wrap it mid-word.
const helpWidth = 80

// fitHelp makes every command's help fit helpWidth and show examples:
// flag descriptions wrap (pflag's FlagUsagesWrapped), and cobra's own help
// and completion commands, added here rather than at Execute, get examples
// and their long text rewrapped.
func fitHelp(cmd *cobra.Command) {
	cmd.SetUsageTemplate(strings.NewReplacer(
		".LocalFlags.FlagUsages", ".LocalFlags.FlagUsagesWrapped 80",
		".InheritedFlags.FlagUsages", ".InheritedFlags.FlagUsagesWrapped 80",
	).Replace(cmd.UsageTemplate()))
	cmd.InitDefaultHelpCmd()
	cmd.InitDefaultCompletionCmd()
	for _, c := range cmd.Commands() {
		switch c.Name() {
		case "help":
			c.Example = "  wireup help new\n  wireup help catalog"
		case "completion":
			c.Example = "  source <(wireup completion bash)\n  wireup completion zsh > \"${fpath[1]}/_wireup\""
			for _, sh := range c.Commands() {
				sh.Long = wrap(sh.Long, helpWidth)
				sh.Example = completionExample(sh.Name())
			}
		}
	}
}

// completionExample is how a shell loads wireup's completion script.
func completionExample(shell string) string {
	switch shell {
	case "bash":
		return "  source <(wireup completion bash)\n  wireup completion bash > /etc/bash_completion.d/wireup"
	case "zsh":
		return "  wireup completion zsh > \"${fpath[1]}/_wireup\""
	case "fish":
		return "  wireup completion fish | source\n  wireup completion fish > ~/.config/fish/completions/wireup.fish"
	case "powershell":
		return "  wireup completion powershell | Out-String | Invoke-Expression"
	}
	return "  wireup completion " + shell
}

// wrap breaks the lines of s longer than width at spaces, keeping each
// line's indentation on its continuation lines.
func wrap(s string, width int) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		for len(line) > width {
			i := strings.LastIndex(line[:width+1], " ")
			if i <= len(indent) {
				break
			}
			out = append(out, line[:i])
			line = indent + strings.TrimLeft(line[i:], " ")
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
